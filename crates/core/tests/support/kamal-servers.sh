# The servers as the test recorders standing in for bin/kamal model them (shared by both),
# for what a rollback reads back: which versions' containers are still on the servers
# ($KAMAL_STATE/containers), which images the registry holds ($KAMAL_STATE/images), and which
# version runs ($KAMAL_STATE/current). As Kamal 2.12.0 (lib/kamal/cli/main.rb, app.rb):
# `rollback V` boots V only when its container is there, and otherwise says so and exits 0;
# `deploy --skip-push --version=V` pulls V (docker fails when the registry does not have it);
# `app version -q` prints each host's running version followed by a blank line.
if [ -n "${KAMAL_STATE:-}" ] && [ -d "$KAMAL_STATE" ]; then
  version_arg=
  for a in "$@"; do case "$a" in --version=*) version_arg="${a#--version=}" ;; esac; done
  case "$1 $2" in
    "app version")
      printf '%s\n\n' "$(cat "$KAMAL_STATE/current")"
      ;;
    "rollback "*)
      if grep -qxF -- "$2" "$KAMAL_STATE/containers"; then
        printf '%s\n' "$2" > "$KAMAL_STATE/current"
      else
        echo "The app version '$2' is not available as a container (use 'kamal app containers' for available versions)"
      fi
      ;;
    "deploy "*)
      if [ -n "$version_arg" ]; then
        if grep -qxF -- "$version_arg" "$KAMAL_STATE/images"; then
          printf '%s\n' "$version_arg" > "$KAMAL_STATE/current"
        else
          echo "  ERROR (SSHKit::Command::Failed): docker exit status: 1" >&2
          echo "manifest unknown: $version_arg" >&2
          exit 1
        fi
      fi
      ;;
  esac
fi
