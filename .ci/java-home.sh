# shellcheck shell=bash
# Sourced by .ci/run and by launcher scripts: `. .ci/java-home.sh; JAVA_HOME=$(mailtls_pick_jdk) || exit 1`.

MAILTLS_MIN_JAVA=21

# The Java feature version (8, 17, 21, 25, ...) of the java binary $1, or nothing if it does not run.
# Running java costs a few hundred milliseconds: mailtls_jdk_version reads the release file first.
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

# The full version a JDK home's release file states (JAVA_VERSION="25.0.1"), or nothing.
mailtls_release_version() {
  [ -f "$1/release" ] || return 0
  sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$1/release" | head -n 1
}

# The Java feature version of the JDK home $1: from its release file (as every JDK since 9 has one),
# else from running its java; nothing when neither tells.
mailtls_jdk_version() {
  local version
  version="$(mailtls_feature_version "$(mailtls_release_version "$1")")"
  if [ -z "$version" ] && [ -x "$1/bin/java" ]; then
    version="$(mailtls_java_version "$1/bin/java")"
  fi
  [ -n "$version" ] && echo "$version"
  return 0
}

# Whether $1 is a JDK home (bin/java and bin/javac) of version >= MAILTLS_MIN_JAVA.
mailtls_is_usable_jdk() {
  local home="$1" version
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 1
  version="$(mailtls_jdk_version "$home")"
  [ -n "$version" ] && [ "$version" -ge "$MAILTLS_MIN_JAVA" ]
}

# Prints the JAVA_HOME to build with: $JAVA_HOME if it is new enough, else the JDK of `java` on
# PATH, else the newest JDK in /usr/lib/jvm (or the directories MAILTLS_JDK_DIRS lists). Prints one line to stderr and fails when none is >= 21.
mailtls_pick_jdk() {
  local java_on_path home candidate version best="" best_version=0

  if [ -n "${JAVA_HOME:-}" ] && mailtls_is_usable_jdk "$JAVA_HOME"; then
    echo "$JAVA_HOME"
    return 0
  fi

  if java_on_path="$(command -v java 2>/dev/null)"; then
    home="$(dirname "$(dirname "$(readlink -f "$java_on_path")")")"
    if mailtls_is_usable_jdk "$home"; then
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
      version="$(mailtls_jdk_version "$candidate")"
      [ -n "$version" ] || continue
      if [ "$version" -gt "$best_version" ] && mailtls_is_usable_jdk "$candidate"; then
        best="$candidate"
        best_version="$version"
      fi
    done
  done
  if [ -n "$best" ]; then
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
