# shellcheck shell=bash
# Sourced by .ci/run and by launcher scripts: `. .ci/java-home.sh; JAVA_HOME=$(mailtls_pick_jdk) || exit 1`.

MAILTLS_MIN_JAVA=21

# The Java feature version (8, 17, 21, 25, ...) of the java binary $1, or nothing if it does not run.
# Running java costs a few hundred milliseconds: mailtls_find_version reads the release file first.
mailtls_java_version() {
  local version
  version="$("$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = *//p' | head -n 1)" || return 0
  mailtls_feature_version "$version"
}

# "1.8.0_292" -> 8, "25.0.1" -> 25, "21" -> 21; nothing for anything else.
mailtls_feature_version() {
  local version="$1"
  case "$version" in
    1.*) version="${version#1.}" ;; # 1.8 means Java 8
  esac
  version="${version%%[!0-9]*}"
  [ -n "$version" ] && echo "$version"
  return 0
}

# Sets MAILTLS_FULL_VERSION to the version the release file of JDK home $1 states
# (JAVA_VERSION="25.0.1", as every JDK since 9 has one) and MAILTLS_FEATURE to its feature version
# (25); else to nothing, and MAILTLS_FEATURE to what running its java says. Without a process when
# the release file tells: the launcher runs this on every start.
mailtls_find_version() {
  local line value=""
  if [ -f "$1/release" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      case "$line" in
        JAVA_VERSION=\"*)
          value="${line#JAVA_VERSION=\"}"
          value="${value%%\"*}"
          break
          ;;
      esac
    done <"$1/release"
  fi
  MAILTLS_FULL_VERSION="$value"
  case "$value" in
    1.*) value="${value#1.}" ;; # 1.8 means Java 8
  esac
  MAILTLS_FEATURE="${value%%[!0-9]*}"
  if [ -z "$MAILTLS_FEATURE" ] && [ -x "$1/bin/java" ]; then
    MAILTLS_FEATURE="$(mailtls_java_version "$1/bin/java")"
  fi
  return 0
}

# The Java feature version of the JDK home $1 (see mailtls_find_version), or nothing.
mailtls_jdk_version() {
  mailtls_find_version "$1"
  [ -n "$MAILTLS_FEATURE" ] && echo "$MAILTLS_FEATURE"
  return 0
}

# Whether $1 is a JDK home (bin/java and bin/javac) of version >= MAILTLS_MIN_JAVA.
mailtls_is_usable_jdk() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  mailtls_find_version "$1"
  [ -n "$MAILTLS_FEATURE" ] && [ "$MAILTLS_FEATURE" -ge "$MAILTLS_MIN_JAVA" ]
}

# Prints the JAVA_HOME to build with: $JAVA_HOME if it is new enough, else the JDK of `java` on
# PATH, else the newest JDK in /usr/lib/jvm (or the directories MAILTLS_JDK_DIRS lists). Prints one line to stderr and fails when none is >= 21.
# Also sets MAILTLS_JDK to it: `mailtls_pick_jdk >/dev/null` spares the launcher a subshell.
mailtls_pick_jdk() {
  local java_on_path home candidate version best="" best_version=0

  MAILTLS_JDK=""
  if [ -n "${JAVA_HOME:-}" ] && mailtls_is_usable_jdk "$JAVA_HOME"; then
    MAILTLS_JDK="$JAVA_HOME"
    echo "$JAVA_HOME"
    return 0
  fi

  if java_on_path="$(command -v java 2>/dev/null)"; then
    home="$(readlink -f "$java_on_path")"
    home="${home%/*}"
    home="${home%/*}"
    if mailtls_is_usable_jdk "$home"; then
      MAILTLS_JDK="$home"
      echo "$home"
      return 0
    fi
  fi

  local dir
  local -a dirs
  IFS=: read -r -a dirs <<<"${MAILTLS_JDK_DIRS:-/usr/lib/jvm}"
  for dir in "${dirs[@]}"; do
    for candidate in "$dir"/*; do
      [ -x "$candidate/bin/java" ] || continue
      mailtls_find_version "$candidate"
      version="$MAILTLS_FEATURE"
      [ -n "$version" ] || continue
      if [ "$version" -gt "$best_version" ] && mailtls_is_usable_jdk "$candidate"; then
        best="$candidate"
        best_version="$version"
      fi
    done
  done
  if [ -n "$best" ]; then
    MAILTLS_JDK="$best"
    echo "$best"
    return 0
  fi

  echo "mailtls needs a JDK 21 or newer: apt-get install openjdk-21-jdk (or set JAVA_HOME)" >&2
  return 1
}

# Maven 3.8's bundled Guava calls sun.misc.Unsafe, which JDK 23+ warns about on every build;
# allow it quietly there (older JDKs do not know the option and need nothing).
mailtls_quiet_maven() {
  local version
  case "${MAVEN_OPTS:-}" in *sun-misc-unsafe-memory-access*) return 0 ;; esac
  version="$(mailtls_jdk_version "$1")"
  if [ -n "$version" ] && [ "$version" -ge 23 ]; then
    export MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow ${MAVEN_OPTS:-}"
  fi
}
