# The servers as the test recorders standing in for bin/kamal model them (shared by both),
# for what a rollback reads back: which versions' containers are still on the servers
# ($KAMAL_STATE/containers), which images the registry holds ($KAMAL_STATE/images), and which
# version runs ($KAMAL_STATE/current). As Kamal 2.12.0 (lib/kamal/cli/main.rb, app.rb):
# `rollback V` boots V only when its container is there, and otherwise says so and exits 0;
# `deploy --skip-push --version V` (or `--version=V`) pulls V (docker fails when the registry
# does not have it); `deploy` without --skip-push builds the checkout and pushes it as its
# version (--version, else the checkout's commit: $KAMAL_STANDIN_HEAD, or git's HEAD);
# `app version` prints, per host, "App Host: HOST", the running version and a blank line
# (puts_by_host); `-q` leaves the host line out only since Kamal 2.9.0.
#
# Also, for backups: `version` prints Kamal's version ($KAMAL_STANDIN_VERSION, default
# 2.12.0, or 1.9.3 when $KAMAL_MAJOR is 1) and nothing else happens; `accessory exec` / `app exec` print what the command
# printed, the dump ($KAMAL_STANDIN_DUMP, nothing when it is empty), raw with `--raw` (2.12
# writes it to stdout untouched), otherwise under an "App Host: HOST" line as Kamal's
# puts_by_host does.
standin_version=${KAMAL_STANDIN_VERSION:-2.12.0}
[ "${KAMAL_MAJOR:-2}" = 1 ] && standin_version=${KAMAL_STANDIN_VERSION:-1.9.3}
if [ "${1-}" = version ]; then
  echo "$standin_version"
  exit 0
fi
# `config` prints what the deploy files resolve to for the destination ($dest, from
# kamal-secrets-file.sh): Kamal 2.12.0's `puts Kamal::Utils.redacted(KAMAL.config.to_h).to_yaml`,
# symbol keys as Psych writes them (`:repository: ...`), nested keys indented. The deploy
# files are modelled by $KAMAL_STATE/deploy (config/deploy.yml) and $KAMAL_STATE/deploy.DEST
# (config/deploy.DEST.yml, whose settings replace the base's), lines `repository=...`,
# `service=...`, `builder_arch=...` or `builder_args=NAME=VALUE`. Nothing reaches the servers.
if [ "${1-}" = config ]; then
  repository=ghcr.io/acme/app service=app builder_arch=amd64 builder_args=
  config_version=${KAMAL_STANDIN_HEAD:-$(git rev-parse HEAD 2>/dev/null)}
  previous=
  for a in "$@"; do
    case "$a" in --version=*) config_version="${a#--version=}" ;; esac
    [ "$previous" = --version ] && config_version="$a"
    previous="$a"
  done
  for file in "${KAMAL_STATE:-/nonexistent}/deploy" ${dest:+"${KAMAL_STATE:-/nonexistent}/deploy.$dest"}; do
    [ -f "$file" ] || continue
    while IFS='=' read -r key value; do
      case "$key" in
        repository) repository=$value ;;
        service) service=$value ;;
        builder_arch) builder_arch=$value ;;
        builder_args) builder_args=$value ;;
      esac
    done < "$file"
  done
  printf -- '---\n:roles:\n- web\n:hosts:\n- 10.0.0.1\n:primary_host: 10.0.0.1\n'
  printf ':version: %s\n:repository: %s\n:absolute_image: %s:%s\n' \
    "$config_version" "$repository" "$repository" "$config_version"
  printf ':service_with_version: %s-%s\n:volume_args: []\n' "$service" "$config_version"
  printf ':ssh_options:\n  :user: root\n  :port: 22\n  :keepalive: true\n'
  printf '  :keepalive_interval: 30\n  :log_level: :fatal\n:sshkit: {}\n'
  printf ':builder:\n  arch: %s\n' "$builder_arch"
  if [ -n "$builder_args" ]; then
    printf '  args:\n    %s: %s\n' "${builder_args%%=*}" "${builder_args#*=}"
  fi
  printf ':logging:\n- "--log-opt"\n- max-size=10m\n'
  exit 0
fi
case "${1-} ${2-}" in
  "accessory exec" | "app exec")
    exec_raw=
    for a in "$@"; do [ "$a" = --raw ] && exec_raw=1; done
    if [ -n "${KAMAL_STANDIN_DUMP-}" ]; then
      if [ -n "$exec_raw" ]; then
        printf '%s\n' "$KAMAL_STANDIN_DUMP"
      else
        printf 'App Host: 10.0.0.1\n%s\n\n' "$KAMAL_STANDIN_DUMP"
      fi
    fi
    ;;
esac
if [ -n "${KAMAL_STATE:-}" ] && [ -d "$KAMAL_STATE" ]; then
  version_arg=
  skip_push=
  previous=
  for a in "$@"; do
    case "$a" in
      --version=*) version_arg="${a#--version=}" ;;
      --skip-push | -P) skip_push=1 ;;
    esac
    [ "$previous" = --version ] && version_arg="$a"
    previous="$a"
  done
  case "$1 $2" in
    "app version")
      host_line=1
      for a in "$@"; do
        case "$a" in -q | --quiet) host_line= ;; esac
      done
      case "$standin_version" in 1.* | 2.[0-8].*) host_line=1 ;; esac
      [ -z "$host_line" ] || echo "App Host: 10.0.0.1"
      printf '%s\n\n' "$(cat "$KAMAL_STATE/current")"
      ;;
    "rollback "*)
      if grep -qxF -- "$2" "$KAMAL_STATE/containers"; then
        printf '%s\n' "$2" > "$KAMAL_STATE/current"
      else
        echo "The app version '$2' is not available as a container (use 'kamal app containers' for available versions)"
      fi
      ;;
    "deploy "* | "deploy ")
      if [ -n "$skip_push" ]; then
        version_arg=${version_arg:-${KAMAL_STANDIN_HEAD:-$(git rev-parse HEAD 2>/dev/null)}}
        if grep -qxF -- "$version_arg" "$KAMAL_STATE/images"; then
          printf '%s\n' "$version_arg" > "$KAMAL_STATE/current"
        else
          echo "  ERROR (SSHKit::Command::Failed): docker exit status: 1" >&2
          echo "manifest unknown: $version_arg" >&2
          exit 1
        fi
      else
        built=${version_arg:-${KAMAL_STANDIN_HEAD:-$(git rev-parse HEAD 2>/dev/null)}}
        if [ -n "$built" ]; then
          printf '%s\n' "$built" >> "$KAMAL_STATE/images"
          printf '%s\n' "$built" > "$KAMAL_STATE/current"
        fi
      fi
      ;;
  esac
fi
