# The secrets file Kamal 2 reads for this command: .kamal/secrets.DEST with -d/--destination
# DEST, .kamal/secrets without (shared by the test recorders that stand in for bin/kamal).
dest=
prev=
for a in "$@"; do
  case "$prev" in -d|--destination) dest="$a" ;; esac
  prev="$a"
done
secrets_file=.kamal/secrets
[ -n "$dest" ] && secrets_file=".kamal/secrets.$dest"
