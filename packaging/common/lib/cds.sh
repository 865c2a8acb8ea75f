# Shared by the vicisync launcher and vicisync-cds: which JVM, and whether the class-data-sharing
# archive in $VICISYNC_CDS_DIR was made by that JVM for this jar. The JVM checks this itself, but a
# JVM that meets a stale archive prints a warning, and cron mails every line a job prints.

vicisync_java() {
  if [ -n "$JAVA_HOME" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    echo "$JAVA_HOME/bin/java"
  else
    command -v java
  fi
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
