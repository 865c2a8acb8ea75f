#!/bin/sh
# Removes what install.sh installed. Keeps /var/lib/vicisync (checkpoint, sent ledger, dead
# letters), the log, and /etc/default/vicisync if you changed it.
set -eu
PREFIX=${PREFIX:-/opt/vicisync}
BINDIR=${BINDIR:-/usr/local/bin}
DESTDIR=${DESTDIR:-}
if [ -z "$DESTDIR" ] && command -v systemctl >/dev/null 2>&1; then
  systemctl disable --now vicisync 2>/dev/null || true
fi
rm -f "$DESTDIR/etc/systemd/system/vicisync.service"
rm -f "$DESTDIR$BINDIR/vicisync" "$DESTDIR/etc/cron.d/vicisync" "$DESTDIR/etc/logrotate.d/vicisync" \
  "$DESTDIR/etc/bash_completion.d/vicisync" "$DESTDIR/usr/share/bash-completion/completions/vicisync"
rm -rf "$DESTDIR$PREFIX" "$DESTDIR/var/lib/vicisync/cds"
echo "uninstall.sh: removed vicisync; kept $DESTDIR/var/lib/vicisync and the log"
