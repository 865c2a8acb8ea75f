#!/bin/sh
# $1: 0 on erase, 1 on upgrade. On erase only the CDS archive goes; state and logs stay.
if [ "$1" = 0 ]; then
  rm -rf /var/lib/vicisync/cds
  if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
    systemctl disable --now vicisync.service 2>/dev/null || true
    for unit in $(systemctl list-units --all --plain --no-legend 'vicisync@*.service' | awk '{print $1}'); do
      systemctl disable --now "$unit" 2>/dev/null || true
    done
  fi
fi
exit 0
