#!/bin/sh
# Removes what install.sh installed. Keeps /var/lib/vicisync (checkpoint, sent ledger, dead
# letters), the log, and every file in /etc you changed since install.sh put it there (it
# remembers what it put, in $PREFIX/installed/).
set -eu
PREFIX=${PREFIX:-/opt/vicisync}
BINDIR=${BINDIR:-/usr/local/bin}
MANDIR=${MANDIR:-/usr/local/share/man}
DESTDIR=${DESTDIR:-}
if [ -z "$DESTDIR" ] && command -v systemctl >/dev/null 2>&1; then
  systemctl disable --now vicisync 2>/dev/null || true
  # every named instance that runs or is enabled
  for u in $(systemctl list-units --all --plain --no-legend 'vicisync@*.service' 2>/dev/null |
    awk '{print $1}') $(systemctl list-unit-files --plain --no-legend 'vicisync@*.service' \
    2>/dev/null | awk '$1 != "vicisync@.service" {print $1}'); do
    systemctl disable --now "$u" 2>/dev/null || true
  done
fi
rm -f "$DESTDIR/etc/systemd/system/vicisync.service" "$DESTDIR/etc/systemd/system/vicisync@.service"
if [ -z "$DESTDIR" ] && command -v systemctl >/dev/null 2>&1; then
  systemctl daemon-reload 2>/dev/null || true
fi

# conffile NAME: removed if it is what install.sh put there, kept (and said) otherwise
conffile() {
  target="$DESTDIR/etc/$1"
  was="$DESTDIR$PREFIX/installed/$1"
  [ -e "$target" ] || return 0
  if [ -f "$was" ] && cmp -s "$target" "$was"; then
    rm -f "$target"
  else
    echo "uninstall.sh: kept /etc/$1: you changed it (it does nothing once vicisync is gone;" \
      "delete it if you like)"
  fi
}
conffile cron.d/vicisync
conffile logrotate.d/vicisync
conffile default/vicisync
# left by an older install.sh beside an edited cron file: ours, and cronie loads it
rm -f "$DESTDIR/etc/cron.d/vicisync.new"

rm -f "$DESTDIR$BINDIR/vicisync" "$DESTDIR$MANDIR/man1/vicisync.1.gz" \
  "$DESTDIR/etc/bash_completion.d/vicisync" \
  "$DESTDIR/usr/share/bash-completion/completions/vicisync"
rm -rf "$DESTDIR$PREFIX" "$DESTDIR/var/lib/vicisync/cds"
echo "uninstall.sh: removed vicisync; kept $DESTDIR/var/lib/vicisync, /etc/vicisync and the logs"
