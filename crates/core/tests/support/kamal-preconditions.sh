# What real Kamal needs before it does anything, shared by the test recorders that stand in for
# bin/kamal: an SSH agent for every command that reaches the servers (Kamal 1's envify pushes
# the env file too), and -y for the commands that ask "Are you sure?" (`confirming` in Kamal
# 1.9.3 and 2.12.0): the runner's stdin is closed, so real Kamal would loop on the question
# until the job times out.
case "$1" in
  version|config|secrets) ;;
  *) [ -e "$SSH_AUTH_SOCK" ] || { echo "kamal $1: no SSH agent at '$SSH_AUTH_SOCK'" >&2; exit 3; } ;;
esac
case "$1 $2" in
  "remove "*|"upgrade "*|"downgrade "*|"proxy reboot"|"proxy upgrade"|"traefik reboot"|"traefik downgrade"|"accessory remove"|"accessory upgrade"|"accessory downgrade")
    yes=
    for a in "$@"; do case "$a" in -y|--confirmed) yes=1 ;; esac; done
    [ -n "$yes" ] || { echo "kamal $*: Are you sure? [y, N] (stdin closed: Your response must be one of: [y, N])" >&2; exit 4; } ;;
esac
