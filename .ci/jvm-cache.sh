# shellcheck shell=bash
# Sourced by ./mailtls: runs the jar with a JVM cache of the classes a probe loads, built on first use
# next to the jar (docs/cli.md#start-up-cache). JDK 25+: the AOT cache (JEP 483/514/515), which also
# keeps classes linked and method profiles; JDK 21-24: a dynamic AppCDS archive. MAILTLS_JVM_CACHE=off
# runs without one. A missing, stale or unusable cache never fails a run: the JVM then loads classes
# from the jar as without it, and says nothing.

# Whether the jar $2 is missing or older than a pom.xml or anything under a module's src/main in the
# source tree $1 (a file added or removed there makes its directory newer). In bash alone: the
# launcher runs this on every start, and a find process cost it more than the whole loop.
mailtls_jar_stale() {
  local root="$1" jar="$2" f stale=1 globstar=0 nullglob=0
  [ -f "$jar" ] || return 0
  if shopt -q globstar; then globstar=1; fi
  if shopt -q nullglob; then nullglob=1; fi
  shopt -s globstar nullglob
  for f in "$root"/pom.xml "$root"/*/pom.xml "$root"/*/src/main/**; do
    if [ "$f" -nt "$jar" ]; then
      stale=0
      break
    fi
  done
  if [ "$globstar" = 0 ]; then shopt -u globstar; fi
  if [ "$nullglob" = 0 ]; then shopt -u nullglob; fi
  return "$stale"
}

# The commands that build the cache when there is none: they probe, so the cache holds the probe's
# classes (TLS, certificates, JSON), which --version or --help alone would not load. The others
# (--version, help, serve, ...) use a cache once it exists.
mailtls_trains_cache() {
  case "${1:-}" in
    probe | domain | provider | scan) return 0 ;;
    *) return 1 ;;
  esac
}

# Runs the jar $2's main class $3 (`java -cp $2 $3 ARGS...`) with the JDK home $1, using or building
# the cache; returns java's exit code (after building the cache, on the first probe). The class is
# named rather than read from the manifest (`-jar`): for -jar, the JVM opens the jar to read its
# manifest before main, and a 50 MB jar's index of 32,000 entries costs a cold JVM about 40 ms of CPU
# each time it is opened; with -cp and the cache, a probe opens it once, or not at all.
mailtls_run_jar() {
  local java_home="$1" jar="$2" main="$3" feature full mode="" cache dir code i c hash=0
  shift 3
  local java="$java_home/bin/java"
  # Unified logging prints warnings to stdout by default, and --json's stdout is parsed by scripts:
  # send every JVM warning and message to stderr, and none about the cache (a fallback is silent).
  local -a opts=(-XX:+DisplayVMOutputToStderr -Xlog:disable -Xlog:all=warning:stderr -Xlog:cds*=off:stderr)
  # The run that builds the cache: the JVM says where it recorded what, outside unified logging.
  local -a quiet=(-XX:+UnlockDiagnosticVMOptions -XX:-DisplayVMOutput)
  # A command that ends within seconds is over before C2 would pay for its compilations (a probe,
  # even --deep's hundred connections, takes a fifth less CPU with C1 alone); serve runs for days.
  # Such a command's heap stays small: the serial collector starts in a fraction of G1's time and
  # leaves no GC threads behind (a cold probe about 150 ms sooner on 2 cores).
  if [ "${1:-}" != serve ]; then
    opts+=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC)
  fi
  # shellcheck disable=SC2206 # MAILTLS_JAVA_OPTS is a list of options, split on spaces as before.
  local -a user_opts=(${MAILTLS_JAVA_OPTS:-})
  mailtls_find_version "$java_home"
  feature="$MAILTLS_FEATURE"
  full="$MAILTLS_FULL_VERSION"
  case "$jar" in
    */*) dir="${jar%/*}" ;;
    *) dir=. ;;
  esac
  if [ "${MAILTLS_JVM_CACHE:-on}" != off ] && [ -n "$feature" ] && [ -w "$dir" ]; then
    if [ "$feature" -ge 25 ]; then
      mode=aot
      opts+=(-Xlog:aot*=off:stderr)
    elif [ "$feature" -ge 21 ]; then
      mode=jsa
    fi
  fi
  if [ -z "$mode" ]; then
    exec "$java" "${opts[@]}" "${user_opts[@]}" -cp "$jar" "$main" "$@"
  fi

  # One cache per JDK (its version and a hash of its home): a cache of another JDK cannot be mapped.
  # The hash is computed in bash: every process started here delays every run.
  for ((i = 0; i < ${#java_home}; i++)); do
    printf -v c '%d' "'${java_home:i:1}"
    hash=$(((hash * 31 + c) % 4294967296))
  done
  cache="$dir/mailtls-${full:-$feature}-$hash.$mode"
  if [ -f "$cache" ] && [ "$cache" -nt "$jar" ]; then
    if [ "$mode" = aot ]; then
      exec "$java" "${opts[@]}" -XX:AOTCache="$cache" "${user_opts[@]}" -cp "$jar" "$main" "$@"
    fi
    exec "$java" "${opts[@]}" -XX:SharedArchiveFile="$cache" "${user_opts[@]}" -cp "$jar" "$main" "$@"
  fi
  rm -f "$cache"
  # Not this command, or building one failed since the jar was built: run without.
  if ! mailtls_trains_cache "${1:-}" || { [ -f "$cache.failed" ] && [ "$cache.failed" -nt "$jar" ]; }; then
    exec "$java" "${opts[@]}" "${user_opts[@]}" -cp "$jar" "$main" "$@"
  fi

  # Build it on this run: written under a name of this process, then renamed, so that a run beside
  # this one never maps a half-written file.
  local tmp="$cache.$$.tmp" conf="$cache.$$.conf"
  # The recorded run also loads what the other output formats need (the JSON writer), so that a
  # later --json finds it in the cache whichever format the first probe printed.
  local -a training=(-Dmailtls.jvmCacheTraining=true)
  # shellcheck disable=SC2064 # the names are fixed now
  trap "rm -f '$tmp' '$conf'" EXIT
  set +e
  if [ "$mode" = aot ]; then
    # JEP 483's two steps: record what this run loads and links, then create the cache from that
    # record in a second JVM (a few seconds, once), whose output is nobody's business.
    "$java" "${opts[@]}" "${quiet[@]}" -XX:AOTMode=record -XX:AOTConfiguration="$conf" "${training[@]}" \
      "${user_opts[@]}" -cp "$jar" "$main" "$@"
    code=$?
    if [ "$code" -le 2 ] && [ -s "$conf" ]; then
      "$java" "${opts[@]}" -XX:AOTMode=create -XX:AOTConfiguration="$conf" -XX:AOTCache="$tmp" \
        "${user_opts[@]}" -cp "$jar" "$main" >/dev/null 2>&1 </dev/null
    fi
  else
    # The dynamic archive is written when this JVM exits.
    "$java" "${opts[@]}" "${quiet[@]}" -XX:ArchiveClassesAtExit="$tmp" "${training[@]}" "${user_opts[@]}" -cp "$jar" "$main" "$@"
    code=$?
  fi
  set -e
  # Exit codes 0-2 are a probe's verdicts; anything else (bad usage, an internal error) ran too
  # little of the probe to be worth keeping.
  if [ "$code" -le 2 ]; then
    if [ -s "$tmp" ] && mv -f "$tmp" "$cache" 2>/dev/null; then
      rm -f "$cache.failed"
    else
      touch "$cache.failed" 2>/dev/null || true
    fi
  fi
  return "$code"
}
