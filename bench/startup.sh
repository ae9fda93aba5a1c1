#!/usr/bin/env bash
# Start-up of the dativo launcher: runs one command N times as fresh processes, each configuration in turn (the
# order reversed every other round), and prints per configuration the median and minimum of wall time and of CPU
# time (user + system, which a busy neighbour inflates far less than wall time) and the median peak RSS, with the
# load average before and after.
#
#   bench/startup.sh [ROUNDS] [LABEL=ENV=VALUE[,,ENV=VALUE]] ...
#
# With no configuration: "cds" (the launcher as shipped) and "no-cds" (DATIVO_CDS=off). The command defaults to the
# quickstart job; set CMD to measure another, e.g. CMD="./dativo validate --config ...". Two settings are not
# passed to the environment: DATIVO=PATH runs the launcher PATH (another checkout's, built there) in place of
# ./dativo, and JVM=hello runs a JVM that prints one line (java -Xshare:auto -XX:+UseSerialGC, a class of its
# own), the floor any Java command stands on. For example, this checkout against a copy of main:
#
#   bench/startup.sh 11 'main=DATIVO=/tmp/dativo-main/dativo' 'this=' 'jvm=JVM=hello'
#
# Needs GNU time.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
rounds="${1:-10}"
shift || true
configs=("$@")
[ ${#configs[@]} -gt 0 ] || configs=("cds=" "no-cds=DATIVO_CDS=off")
read -r -a cmd <<<"${CMD:-./dativo run --config examples/quickstart/job.yaml --base-dir examples/quickstart}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
printf 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' \
  >"$work/Hello.java"
javac -d "$work" "$work/Hello.java"

# The command of configuration $1: the environment settings in envs, the command line in run.
configure() {
  local rest="${1#*=}" e
  envs=()
  run=("${cmd[@]}")
  while [ -n "$rest" ]; do
    e="${rest%%,,*}"
    case "$e" in
      DATIVO=*) run=("${e#DATIVO=}" "${cmd[@]:1}") ;;
      JVM=hello) run=(java -Xshare:auto -XX:+UseSerialGC -cp "$work" Hello) ;;
      *) envs+=("$e") ;;
    esac
    [ "$rest" = "${rest#*,,}" ] && break
    rest="${rest#*,,}"
  done
}

# The launcher's class data sharing archive holds the classes of the run that recorded it. A cache folder of the
# measurement's own (unless DATIVO_CACHE_DIR is set) has the measured command record it, as for a user whose first
# run was that command, not whichever job ran first on this machine.
export DATIVO_CACHE_DIR="${DATIVO_CACHE_DIR:-$work/cache}"
echo "load average before: $(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null || uptime)"
for c in "${configs[@]}"; do
  # builds the jar and records the archive of each launcher, not measured
  configure "$c"
  env ${envs[@]+"${envs[@]}"} "${run[@]}" >/dev/null 2>&1 || true
done
for ((i = 0; i < rounds; i++)); do
  order=("${configs[@]}")
  if ((i % 2)); then
    order=()
    for ((j = ${#configs[@]} - 1; j >= 0; j--)); do order+=("${configs[j]}"); done
  fi
  for c in "${order[@]}"; do
    label="${c%%=*}"
    configure "$c"
    out="$(mktemp -d "$work/out.XXXX")"
    env DATIVO_OUT="$out" ${envs[@]+"${envs[@]}"} /usr/bin/time -f '%e %U %S %M' -o "$work/t" "${run[@]}" \
      >/dev/null 2>"$work/err" || { echo "$label failed:" >&2; cat "$work/err" >&2; }
    tail -n 1 "$work/t" >>"$work/$label"
    rm -rf "$out"
  done
done
median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
for c in "${configs[@]}"; do
  label="${c%%=*}"
  f="$work/$label"
  printf '%-14s wall median %.3f s (min %.3f)  cpu median %.2f s (min %.2f)  rss median %.0f MB\n' "$label" \
    "$(awk '{print $1}' "$f" | median)" "$(awk '{print $1}' "$f" | sort -g | head -1)" \
    "$(awk '{print $2 + $3}' "$f" | median)" "$(awk '{print $2 + $3}' "$f" | sort -g | head -1)" \
    "$(awk '{print $4 / 1024}' "$f" | median)"
done
echo "load average after: $(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null || uptime)"
