#!/bin/sh
# Removes what install.sh installed. Keeps /var/lib/vicisync (checkpoint, sent ledger, dead
# letters), the log, and /etc/default/vicisync if you changed it.
set -eu
PREFIX=${PREFIX:-/opt/vicisync}
BINDIR=${BINDIR:-/usr/local/bin}
DESTDIR=${DESTDIR:-}
rm -f "$DESTDIR$BINDIR/vicisync" "$DESTDIR/etc/cron.d/vicisync" "$DESTDIR/etc/logrotate.d/vicisync" \
  "$DESTDIR/etc/bash_completion.d/vicisync" "$DESTDIR/usr/share/bash-completion/completions/vicisync"
rm -rf "$DESTDIR$PREFIX" "$DESTDIR/var/lib/vicisync/cds"
echo "uninstall.sh: removed vicisync; kept $DESTDIR/var/lib/vicisync and the log"
