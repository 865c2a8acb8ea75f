#!/bin/sh
# $1: 1 on install, 2 on upgrade. The state and log directories are the package's own; the
# class-data-sharing archive is remade with this server's JVM (it depends on the JVM and the jar).
/usr/share/vicisync/vicisync-cds || true
# vicisync.service is installed, not enabled; a running one picks up the new jar on restart
# (what %systemd_postun_with_restart does; this package is not built from a spec file)
if [ -d /run/systemd/system ]; then
  systemctl daemon-reload >/dev/null 2>&1 || true
  systemctl try-restart vicisync.service 'vicisync@*.service' >/dev/null 2>&1 || true
fi
exit 0
