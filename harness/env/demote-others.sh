#!/usr/bin/env bash
# For recording on a shared machine: keep moving every process that is not part of a recording
# (builds, browsers, test runners, shells) to SCHED_IDLE, so it only gets a CPU that a server or
# wrk leaves idle, and keep the recording itself at SCHED_OTHER (a harness started from a demoted
# shell would otherwise inherit SCHED_IDLE). Priorities only count across sessions with
# autogroup off, so this turns it off first. Runs until stopped (Ctrl-C); root only.
#
#   sudo sh harness/env/demote-others.sh &   npm run bench -- ...   ; kill %1
set -euo pipefail
sysctl -q kernel.sched_autogroup_enabled=0
self=$$
# The harness by its command line; what it starts (every process group, wrk) also by the marker
# it puts in their environment (harness/system/processes.ts).
recording='harness/run/bench.ts|harness/apps|probe.py|wsgi_app|asgi_app|^wrk |wrk/report.lua'
marker='BENCH_HARNESS_RUN='
demoted='^(chromium|chrome.*|esbuild|npm.*|npx|vitest.*|astro.*|pagefind.*|node|MainThread|ThreadPoolForeg|python3.*|sh|bash)$'
while true; do
  for dir in /proc/[0-9]*; do
    pid=${dir#/proc/}
    [[ $pid == "$self" ]] && continue
    comm=$(cat "$dir/comm" 2>/dev/null) || continue
    cmd=$(tr '\0' ' ' <"$dir/cmdline" 2>/dev/null) || continue
    policy=$(awk '{print $41}' "$dir/stat" 2>/dev/null) || continue # 5 = SCHED_IDLE
    if [[ $cmd =~ $recording ]] || grep -qz "^$marker" "$dir/environ" 2>/dev/null; then
      [[ $policy == 5 ]] && chrt -a -o -p 0 "$pid" >/dev/null 2>&1
    elif [[ $cmd != *demote-others* && $comm =~ $demoted && $policy != 5 ]]; then
      chrt -a -i -p 0 "$pid" >/dev/null 2>&1
    fi
  done
  sleep 1
done
