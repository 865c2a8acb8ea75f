# Shared by the vicisync launcher and vicisync-cds: which JVM, and whether the class-data-sharing
# archive in $VICISYNC_CDS_DIR was made by that JVM for this jar. The JVM checks this itself, but a
# JVM that meets a stale archive prints a warning, and cron mails every line a job prints.

# The settings files the launcher and vicisync-cds read: Debian's, then the RHEL family's and
# openSUSE's. JAVA= (a java binary) or JAVA_HOME= there choose the Java.
vicisync_defaults() {
  for f in ${VICISYNC_DEFAULTS:-/etc/default/vicisync /etc/sysconfig/vicisync}; do
    # shellcheck disable=SC1090 # the administrator's own file
    [ -r "$f" ] && . "$f" && VICISYNC_DEFAULTS_READ="$f"
  done
  return 0
}

# The feature release of the Java whose binary is $1 (8, 11, 17, 21…), from its home's release
# file: no JVM is started for it. Empty when it cannot tell.
vicisync_java_major() {
  # one fork (readlink) and shell built-ins: cron pays for this every minute
  real=$(readlink -f "$1" 2>/dev/null) || return 0
  home=${real%/bin/*}
  for r in "$home/release" "${home%/*}/release"; do
    if [ -r "$r" ]; then
      v=
      while IFS= read -r line; do
        case $line in
          JAVA_VERSION=*)
            v=${line#JAVA_VERSION=}
            v=${v#\"}
            break
            ;;
        esac
      done <"$r"
      case "$v" in
        1.*) v=${v#1.} ;;
      esac
      echo "${v%%[!0-9]*}"
      return 0
    fi
  done
  # no release file (a hand-made layout): ask the JVM itself, once
  "$1" -version 2>&1 | sed -n 's/.*version "\(1\.\)\{0,1\}\([0-9]*\).*/\2/p' | head -n 1
}

vicisync_java_ok() {
  [ -x "$1" ] || return 1
  m=$(vicisync_java_major "$1")
  [ -n "$m" ] && [ "$m" -ge 17 ] 2>/dev/null
}

# Finds the java to run vicisync with: $VICISYNC_JAVA, and $VICISYNC_JAVA_FROM saying where it was
# found (doctor shows it); when there is none, $VICISYNC_JAVA_ERROR says so in one line. In order: JAVA= or JAVA_HOME= (the defaults file, or the environment), the runtime
# bundled with the self-contained tarball, java on PATH if it is 17 or newer, then the newest 17+
# in the distributions' JVM directories. A JAVA or JAVA_HOME older than 17 is an error, not
# passed over: someone chose it.
vicisync_find_java() {
  VICISYNC_JAVA= VICISYNC_JAVA_ERROR=
  if [ -n "${JAVA:-}" ]; then
    if vicisync_java_ok "$JAVA"; then
      VICISYNC_JAVA_FROM="JAVA=${JAVA}${VICISYNC_DEFAULTS_READ:+ in $VICISYNC_DEFAULTS_READ}"
      VICISYNC_JAVA="$JAVA"
      return 0
    fi
    VICISYNC_JAVA_ERROR="JAVA=$JAVA${VICISYNC_DEFAULTS_READ:+ (in $VICISYNC_DEFAULTS_READ)} is not a Java 17 or newer ($(vicisync_java_major "$JAVA" || true)); point it at one, or remove it"
    return 1
  fi
  if [ -n "${JAVA_HOME:-}" ]; then
    if vicisync_java_ok "$JAVA_HOME/bin/java"; then
      VICISYNC_JAVA_FROM="JAVA_HOME=${JAVA_HOME}${VICISYNC_DEFAULTS_READ:+ in $VICISYNC_DEFAULTS_READ}"
      VICISYNC_JAVA="$JAVA_HOME/bin/java"
      return 0
    fi
    VICISYNC_JAVA_ERROR="JAVA_HOME=$JAVA_HOME${VICISYNC_DEFAULTS_READ:+ (in $VICISYNC_DEFAULTS_READ)} is not a Java 17 or newer; point it at one, or remove it"
    return 1
  fi
  if vicisync_java_ok "$VICISYNC_HOME/runtime/bin/java"; then
    VICISYNC_JAVA_FROM="the runtime bundled in $VICISYNC_HOME/runtime"
    VICISYNC_JAVA="$VICISYNC_HOME/runtime/bin/java"
    return 0
  fi
  onpath=$(command -v java 2>/dev/null)
  if [ -n "$onpath" ] && vicisync_java_ok "$onpath"; then
    VICISYNC_JAVA_FROM="java on PATH ($onpath)"
    VICISYNC_JAVA="$onpath"
    return 0
  fi
  best= best_major=0
  for j in $(ls -d ${VICISYNC_JVM_DIRS:-/usr/lib/jvm /usr/lib64/jvm /usr/java} 2>/dev/null | while read -r d; do ls -d "$d"/*/bin/java 2>/dev/null; done); do
    m=$(vicisync_java_major "$j")
    if [ -n "$m" ] && [ "$m" -ge 17 ] 2>/dev/null && [ "$m" -gt "$best_major" ] && [ -x "$j" ]; then
      best=$j best_major=$m
    fi
  done
  if [ -n "$best" ]; then
    VICISYNC_JAVA_FROM="$(dirname "$(dirname "$(dirname "$best")")") (the distribution's JVM directory${onpath:+; java on PATH is older})"
    VICISYNC_JAVA="$best"
    return 0
  fi
  VICISYNC_JAVA_ERROR="no Java 17 or newer found${onpath:+ (java on PATH, $onpath, is older)}; $(vicisync_java_advice)"
  return 1
}

# The same, printed (vicisync-cds).
vicisync_java() {
  vicisync_find_java && echo "$VICISYNC_JAVA"
}

# What to install on this distribution, from /etc/os-release.
vicisync_java_advice() {
  ID= ID_LIKE= VERSION_ID=
  # shellcheck disable=SC1090
  [ -r "${VICISYNC_OS_RELEASE:-/etc/os-release}" ] && . "${VICISYNC_OS_RELEASE:-/etc/os-release}"
  case " $ID $ID_LIKE " in
    *" suse "* | *opensuse* | *" sles "*)
      echo "install one: zypper install java-17-openjdk-headless (or set JAVA_HOME in /etc/sysconfig/vicisync)" ;;
    *" rhel "* | *" centos "* | *" fedora "* | *" almalinux "* | *" rocky "*)
      case "$VERSION_ID" in
        7 | 7.*) echo "CentOS 7 has no Java 17 package: install the self-contained vicisync-VERSION-linux-x86_64.tar.gz, which brings its own (README: Platforms)" ;;
        *) echo "install one: dnf install java-17-openjdk-headless (or set JAVA_HOME in /etc/sysconfig/vicisync)" ;;
      esac ;;
    *" debian "* | *" ubuntu "*)
      echo "install one: apt install openjdk-17-jre-headless (or set JAVA_HOME in /etc/default/vicisync)" ;;
    *) echo "install a Java 17 or newer runtime, or set JAVA_HOME in /etc/default/vicisync" ;;
  esac
}

# What the archive depends on: the JVM binary's real path and its libjvm, and the jar (size and
# modification time of each). Cheap: no JVM is started.
vicisync_cds_stamp() {
  real=$(readlink -f "$1") || return 1
  jvm_home=$(dirname "$(dirname "$real")")
  libjvm=$(ls "$jvm_home"/lib/server/libjvm.so "$jvm_home"/lib/*/server/libjvm.so 2>/dev/null | head -n 1)
  echo "$real $(stat -Lc '%s:%Y' "$libjvm" "$VICISYNC_HOME/vicisync.jar" 2>/dev/null | tr '\n' ' ')"
}

vicisync_cds_fresh() {
  [ -r "$VICISYNC_CDS_DIR/vicisync.jsa" ] && [ -r "$VICISYNC_CDS_DIR/stamp" ] \
    && [ "$(cat "$VICISYNC_CDS_DIR/stamp")" = "$(vicisync_cds_stamp "$1")" ]
}

vicisync_cds_rebuild_later() {
  if [ -w "$VICISYNC_CDS_DIR" ] || { [ ! -e "$VICISYNC_CDS_DIR" ] && [ -w "$(dirname "$VICISYNC_CDS_DIR")" ]; }; then
    nice -n 19 "$VICISYNC_HOME/vicisync-cds" --quiet </dev/null >/dev/null 2>&1 &
  fi
}
