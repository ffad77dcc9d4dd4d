#!/usr/bin/env bash
# Sourced by ./etl and .ci/run: exports JAVA_HOME pointing at a JDK 21 or newer.
# Looks at $JAVA_HOME, the `java` on PATH, then /usr/lib/jvm/* and /opt/*; fails with a clear message otherwise.

_sfnetl_java_major() {
  # prints the feature version of the JDK whose home is $1 (e.g. 17, 21, 25), or nothing
  local home=$1
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
  "$home/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

sfnetl_find_jdk() {
  local candidates=() c v
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for c in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/lib/jvm/*; do
    [ -d "$c" ] && candidates+=("$c")
  done
  # first acceptable candidate in priority order: $JAVA_HOME, the javac on PATH, then the JDKs found on disk
  local best=""
  for c in "${candidates[@]}"; do
    v=$(_sfnetl_java_major "$c")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then best=$c; break; fi
  done
  if [ -z "$best" ]; then
    echo "error: sfn-etl needs a JDK 21 or newer, and none was found." >&2
    echo "  looked at: \$JAVA_HOME (${JAVA_HOME:-unset}), the javac on PATH, /usr/lib/jvm/*, /opt/java/*" >&2
    echo "  fix: install one (e.g. 'apt-get install openjdk-21-jdk' or Temurin 21+) and/or set JAVA_HOME to it." >&2
    return 2
  fi
  export JAVA_HOME=$best
  export PATH="$JAVA_HOME/bin:$PATH"
}
