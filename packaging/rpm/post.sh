#!/bin/sh
# $1: 1 on install, 2 on upgrade. The state directory is never touched once it exists; the
# class-data-sharing archive is remade with this server's JVM (it depends on the JVM and the jar).
mkdir -p /var/lib/vicisync
chmod 750 /var/lib/vicisync
/usr/share/vicisync/vicisync-cds || true
exit 0
