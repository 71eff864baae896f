#!/usr/bin/env bash
# Generates a varied set of SUMO networks and random demands (netgenerate, netconvert, randomTrips.py) into
# DIR (default /tmp/tsgym-sweep), one .sumocfg per network and load, then (with --run) validates each
# against SUMO with `tsgym validate --seeds N --json` and writes DIR/NAME.json.
# Usage: scripts/sumo-sweep.sh [DIR] [--run] [--seeds N] [--only PATTERN]; then node scripts/sweep-table.mjs DIR
# (needs sumo, netgenerate, netconvert and $SUMO_HOME/tools/randomTrips.py; npm run build:lib first).
set -euo pipefail
DIR=/tmp/tsgym-sweep; RUN=0; SEEDS=3; ONLY=''
while [ $# -gt 0 ]; do
  case "$1" in
    --run) RUN=1 ;;
    --seeds) SEEDS="$2"; shift ;;
    --only) ONLY="$2"; shift ;;
    *) DIR="$1" ;;
  esac
  shift
done
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SUMO_HOME=${SUMO_HOME:-/usr/share/sumo}; export SUMO_HOME
RT="$SUMO_HOME/tools/randomTrips.py"
mkdir -p "$DIR"; cd "$DIR"
CLI="$ROOT/dist/src/cli/main.js"

# net NAME netgenerate-args...: one network
net() { local n="$1"; shift; [ -f "$n.net.xml" ] || netgenerate "$@" --seed 42 -o "$n.net.xml" >/dev/null; }
# load NET LOAD PERIOD FRINGE SEED END [STEP] [TRIP-ATTRIBUTES]: random trips and a .sumocfg NET-LOAD.sumocfg
load() {
  local n="$1" p="$3" f="$4" s="$5" e="$6" c="$1-$2" step="${7:-1}" attrs="${8:-}"
  [ -f "$c.rou.xml" ] || python3 "$RT" -n "$n.net.xml" -e "$e" -p "$p" --fringe-factor "$f" --seed "$s" --validate \
    ${attrs:+--trip-attributes "$attrs"} -r "$c.rou.xml" -o "$c.trips.xml" >/dev/null 2>&1
  cat > "$c.sumocfg" <<CFG
<configuration>
  <input><net-file value="$n.net.xml"/><route-files value="$c.rou.xml"/></input>
  <time><begin value="0"/><end value="$e"/><step-length value="$step"/></time>
</configuration>
CFG
}

# grids and spiders, one junction type each
net gprio   --grid --grid.number 4 --grid.length 200 --default.lanenumber 1 --default.speed 13.89 --default-junction-type priority
net grbl    --grid --grid.number 4 --grid.length 150 --default.lanenumber 1 --default.speed 11.11 --default-junction-type right_before_left
net gstop   --grid --grid.number 3 --grid.length 200 --default.lanenumber 1 --default.speed 13.89 --default-junction-type allway_stop
net gpstop  --grid --grid.number 4 --grid.length 200 --default.lanenumber 2 --default.speed 16.67 --default-junction-type priority_stop
net gtls2   --grid --grid.number 4 --grid.length 250 --default.lanenumber 2 --default.speed 13.89 --default-junction-type traffic_light \
            --tls.default-type static
net gtlsturn --grid --grid.number 3 --grid.length 300 --default.lanenumber 2 --default.speed 16.67 --default-junction-type traffic_light \
            --tls.default-type static --turn-lanes 1 --turn-lanes.length 80 --tls.left-green.time 8
net gror    --grid --grid.number 3 --grid.length 200 --default.lanenumber 1 --default.speed 13.89 \
            --default-junction-type traffic_light_right_on_red --tls.default-type static
net spider  --spider --spider.arm-number 5 --spider.circle-number 3 --spider.space-radius 150 --default.lanenumber 2 \
            --default.speed 13.89 --tls.guess --tls.default-type static
net rand3   --rand --rand.iterations 80 --default.lanenumber 3 --default.speed 22.22 --default-junction-type priority
net randtls --rand --rand.iterations 120 --default.lanenumber 1 --default.speed 13.89 --tls.guess --tls.default-type static

# signals by incoming road, three lanes with turn lanes, left-hand traffic, a random grid
net inc     --grid --grid.number 3 --grid.length 250 --default.lanenumber 2 --default.speed 13.89 --default-junction-type traffic_light \
            --tls.default-type static --tls.layout incoming
net p3      --grid --grid.number 4 --grid.length 200 --default.lanenumber 3 --default.speed 19.44 --default-junction-type priority \
            --turn-lanes 1 --turn-lanes.length 60
net lefthand --grid --grid.number 3 --grid.length 200 --default.lanenumber 1 --default.speed 13.89 --default-junction-type priority --lefthand
net randgrid --rand --rand.iterations 60 --rand.grid --default.lanenumber 2 --default.speed 16.67 --default-junction-type right_before_left

# actuated and delay-based signals, a grid without internal lanes, random lane numbers and priorities,
# random right-before-left junctions of two lanes
net gact    --grid --grid.number 4 --grid.length 220 --default.lanenumber 2 --default.speed 13.89 --default-junction-type traffic_light \
            --tls.default-type actuated --turn-lanes 1 --turn-lanes.length 50
net gdel    --grid --grid.number 3 --grid.length 250 --default.lanenumber 2 --default.speed 13.89 --default-junction-type traffic_light \
            --tls.default-type delay_based
net gnoint  --grid --grid.number 4 --grid.length 200 --default.lanenumber 2 --default.speed 13.89 --default-junction-type priority \
            --no-internal-links
net rmix    --rand --rand.iterations 100 --rand.random-lanenumber --rand.random-priority --default.lanenumber 3 --default.speed 19.44 \
            --tls.guess --tls.default-type static --rand.max-distance 300
net rrbl2   --rand --rand.iterations 70 --default.lanenumber 2 --default.speed 13.89 --default-junction-type right_before_left
# arterials: six signals with turn lanes and side roads, five priority junctions
net art6    --grid --grid.x-number 6 --grid.y-number 2 --grid.x-length 250 --grid.y-length 150 --grid.attach-length 200 \
            --default.lanenumber 2 --default.speed 13.89 --tls.guess --tls.default-type static --turn-lanes 1 --turn-lanes.length 60
net art5p   --grid --grid.x-number 5 --grid.y-number 1 --grid.x-length 300 --grid.attach-length 250 --default.lanenumber 2 \
            --default.speed 16.67 --default-junction-type priority

# a signalised grid with two bus lines serving five bus stops (buses queue in the stops, cars overtake them)
net gbus    --grid --grid.number 4 --grid.length 200 --default.lanenumber 2 --tls.guess --no-turnarounds
cat > gbus.add.xml <<'X'
<additional>
  <busStop id="s1" lane="A1B1_0" startPos="120" endPos="170"/><busStop id="s2" lane="B1C1_0" startPos="100" endPos="130"/>
  <busStop id="s3" lane="C1D1_0" startPos="60" endPos="120"/><busStop id="s4" lane="C2B2_0" startPos="120" endPos="160"/>
  <busStop id="s5" lane="B2A2_0" startPos="80" endPos="110"/>
</additional>
X
cat > gbus.bus.xml <<'X'
<routes>
  <vType id="bus" vClass="bus" length="12" accel="1.2" decel="4"/>
  <route id="east" edges="A1B1 B1C1 C1D1"><stop busStop="s1" duration="25"/><stop busStop="s2" duration="20"/><stop busStop="s3" duration="30"/></route>
  <route id="west" edges="D2C2 C2B2 B2A2"><stop busStop="s4" duration="25"/><stop busStop="s5" duration="20"/></route>
  <flow id="be" type="bus" route="east" begin="0" end="1800" period="45"/>
  <flow id="bw" type="bus" route="west" begin="10" end="1800" period="40"/>
</routes>
X
# busload LOAD PERIOD SEED: random trips with the bus lines on gbus
busload() {
  local c="gbus-$1"
  [ -f "$c.rou.xml" ] || python3 "$RT" -n gbus.net.xml -e 1800 -p "$2" --seed "$3" --validate -r "$c.rou.xml" -o "$c.trips.xml" >/dev/null 2>&1
  cat > "$c.sumocfg" <<CFG
<configuration>
  <input><net-file value="gbus.net.xml"/><route-files value="gbus.bus.xml,$c.rou.xml"/><additional-files value="gbus.add.xml"/></input>
  <time><begin value="0"/><end value="2400"/></time>
</configuration>
CFG
}

# a two-lane roundabout with four two-lane arms (plain XML, netconvert)
if [ ! -f round2.net.xml ]; then
  cat > round2.nod.xml <<'X'
<nodes>
  <node id="c0" x="30" y="0" type="priority"/><node id="c1" x="0" y="30" type="priority"/>
  <node id="c2" x="-30" y="0" type="priority"/><node id="c3" x="0" y="-30" type="priority"/>
  <node id="o0" x="330" y="0"/><node id="o1" x="0" y="330"/><node id="o2" x="-330" y="0"/><node id="o3" x="0" y="-330"/>
</nodes>
X
  {
    echo '<edges>'
    for i in 0 1 2 3; do j=$(( (i + 1) % 4 ))
      echo "  <edge id=\"r$i\" from=\"c$i\" to=\"c$j\" numLanes=\"2\" speed=\"8.33\"/>"
      echo "  <edge id=\"in$i\" from=\"o$i\" to=\"c$i\" numLanes=\"2\" speed=\"13.89\"/>"
      echo "  <edge id=\"out$i\" from=\"c$i\" to=\"o$i\" numLanes=\"2\" speed=\"13.89\"/>"
    done
    echo '  <roundabout nodes="c0 c1 c2 c3" edges="r0 r1 r2 r3"/>'
    echo '</edges>'
  } > round2.edg.xml
  netconvert -n round2.nod.xml -e round2.edg.xml --no-turnarounds -o round2.net.xml >/dev/null 2>&1
fi

#    network  load   period fringe seed end
load gprio    light  4     5 1 1800;  load gprio   heavy  1.2  5 2 1800
load grbl     light  5     5 3 1800;  load grbl    heavy  1.8  5 4 1800
load gstop    light  6     5 5 1800;  load gstop   heavy  2.5  5 6 1800
load gpstop   medium 1.5   5 7 1800
load gtls2    medium 1.2  10 8 1800;  load gtls2   heavy  0.6 10 9 1800
load gtlsturn medium 1.2  10 10 1800; load gtlsturn heavy 0.6 10 11 1800
load gror     medium 2     5 12 1800
load spider   medium 1.5   5 13 1800
load rand3    light  2     5 14 1800; load rand3   heavy  0.5  5 15 1800
load randtls  medium 1.5   5 16 1800
load round2   medium 1.5   1 17 1800; load round2  heavy  0.9  1 18 1800
load inc      medium 1.5   5 41 1800; load inc     halfstep 1.5 5 45 1800 0.5
load p3       heavy  0.8   5 42 1800
load lefthand medium 3     5 43 1800
load randgrid medium 1.5   5 44 1800
load gact     medium 1.2   5 31 1800; load gact    heavy  0.6  5 32 1800
load gdel     medium 1.5   5 33 1800
load gnoint   medium 1.0   5 34 1800; load gnoint  heavy  0.5  5 35 1800
load rmix     medium 1.0   5 36 1800; load rmix    heavy  0.5  5 37 1800
load rrbl2    medium 1.5   5 38 1800
load art6     medium 1.2  20 71 1800; load art6     heavy  0.6 20 72 1800
load art5p    medium 1.5  20 73 1800; load art5p    heavy  0.8 20 74 1800
# departure attributes users set (randomTrips --trip-attributes)
load gtls2    bm     1.0   5 51 1800 1 'departLane="best" departSpeed="max"'
load rand3    bm     1.0   5 52 1800 1 'departLane="best" departSpeed="max"'
load gtlsturn bf     1.0   5 53 1800 1 'departLane="free" departSpeed="desired" departPos="free"'
load rand3    rr     1.2   5 54 1800 1 'departLane="random" departSpeed="random" departPos="random"'
busload light 1.2 61; busload heavy 0.6 62

if [ "$RUN" = 1 ]; then
  for c in *.sumocfg; do
    n="${c%.sumocfg}"
    if [ -n "$ONLY" ] && [[ "$n" != $ONLY ]]; then continue; fi
    node "$CLI" validate "$c" --seeds "$SEEDS" --json > "$n.json" 2> "$n.err" || true
    node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));console.log(process.argv[2],r.rows.every(x=>x.pass!==false)?"pass":"FAIL")' "$n.json" "$n" || echo "$n: no result"
  done
fi
