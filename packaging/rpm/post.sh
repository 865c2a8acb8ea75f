#!/bin/sh
# $1: 1 on install, 2 on upgrade. The state directory is never touched once it exists; the
# class-data-sharing archive is remade with this server's JVM (it depends on the JVM and the jar).
mkdir -p /var/lib/vicisync
chmod 750 /var/lib/vicisync
/usr/share/vicisync/vicisync-cds || true
# vicisync.service is installed, not enabled; a running one picks up the new jar on restart
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
  systemctl daemon-reload || true
  systemctl try-restart vicisync.service || true
fi
exit 0
