#!/usr/bin/env bash
# A local ZooKeeper for Cairn without systemd: a standalone server or a 3-server ensemble on this
# machine, from Debian's `zookeeper` package (installed by scripts/setup-system.sh). Everything
# lives under DIR: configs, data, logs and pid files; only processes whose pids it recorded are
# stopped.
#
#   scripts/zookeeper.sh start DIR [--ensemble] [--port PORT] [--tick-ms MS]
#   scripts/zookeeper.sh stop DIR
#   scripts/zookeeper.sh status DIR
#
# start prints the connect string (host:port[,host:port…]) once every server answers `ruok`.
# Standalone listens on PORT (2181); an ensemble on PORT, PORT+1, PORT+2 for clients and
# PORT+10… / PORT+20… for quorum and election traffic. All on 127.0.0.1.
set -euo pipefail

usage() { sed -n '7,9p' "$0" | sed 's/^# *//' >&2; exit 2; }
[ $# -ge 2 ] || usage
action=$1 dir=$2
shift 2
ensemble=0 port=2181 tick=2000
while [ $# -gt 0 ]; do
  case $1 in
    --ensemble) ensemble=1 ;;
    --port) port=${2:?}; shift ;;
    --tick-ms) tick=${2:?}; shift ;;
    *) usage ;;
  esac
  shift
done

classpath=/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-nop.jar
servers=$([ "$ensemble" = 1 ] && echo 3 || echo 1)

# Answers `imok` to the four-letter word `ruok` (bash's /dev/tcp: no netcat needed).
ruok() {
  local reply
  reply=$( (exec 3<>"/dev/tcp/127.0.0.1/$1" && printf ruok >&3 && timeout 2 cat <&3) 2>/dev/null || true)
  [ "$reply" = imok ]
}

write_config() {
  local i=$1 client=$(( port + i - 1 )) data="$dir/server$1"
  mkdir -p "$data/data"
  {
    echo "tickTime=$tick"
    echo "initLimit=10"
    echo "syncLimit=5"
    echo "minSessionTimeout=$(( tick * 2 ))"
    echo "dataDir=$data/data"
    echo "clientPort=$client"
    echo "clientPortAddress=127.0.0.1"
    echo "admin.enableServer=false"
    echo "4lw.commands.whitelist=ruok,srvr,stat,mntr"
    if [ "$servers" = 3 ]; then
      for j in 1 2 3; do echo "server.$j=127.0.0.1:$(( port + 10 + j - 1 )):$(( port + 20 + j - 1 ))"; done
    fi
  } > "$data/zoo.cfg"
  [ "$servers" = 3 ] && echo "$i" > "$data/data/myid"
  return 0
}

start() {
  command -v java >/dev/null || { echo "zookeeper.sh: java not found: run scripts/setup-system.sh" >&2; exit 1; }
  [ -f /usr/share/java/zookeeper.jar ] || { echo "zookeeper.sh: Debian's zookeeper package is missing: run scripts/setup-system.sh" >&2; exit 1; }
  mkdir -p "$dir"
  local connect=()
  for i in $(seq 1 "$servers"); do
    local data="$dir/server$i"
    if [ -f "$data/pid" ] && kill -0 "$(cat "$data/pid")" 2>/dev/null; then
      echo "zookeeper.sh: server $i already runs (pid $(cat "$data/pid"))" >&2; exit 1
    fi
    write_config "$i"
    nohup java -cp "$classpath" -Dzookeeper.log.dir="$data" org.apache.zookeeper.server.quorum.QuorumPeerMain "$data/zoo.cfg" \
      > "$data/zookeeper.log" 2>&1 &
    echo $! > "$data/pid"
    connect+=("127.0.0.1:$(( port + i - 1 ))")
  done
  for i in $(seq 1 "$servers"); do
    local deadline=$(( SECONDS + 60 ))
    until ruok $(( port + i - 1 )); do
      if [ $SECONDS -ge $deadline ]; then echo "zookeeper.sh: server $i did not answer within 60 s; see $dir/server$i/zookeeper.log" >&2; exit 1; fi
      sleep 0.2
    done
  done
  (IFS=,; echo "${connect[*]}")
}

stop() {
  for pidfile in "$dir"/server*/pid; do
    [ -f "$pidfile" ] || continue
    local pid; pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    fi
    rm -f "$pidfile"
  done
}

status() {
  local any=0
  for pidfile in "$dir"/server*/pid; do
    [ -f "$pidfile" ] || continue
    any=1
    local cfg; cfg="$(dirname "$pidfile")/zoo.cfg"
    local client; client=$(sed -n 's/^clientPort=//p' "$cfg")
    if ruok "$client"; then echo "127.0.0.1:$client up (pid $(cat "$pidfile"))"; else echo "127.0.0.1:$client down"; fi
  done
  [ $any = 1 ] || { echo "no ZooKeeper under $dir" >&2; exit 1; }
}

case $action in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) usage ;;
esac
