#!/usr/bin/env bash
# A standalone Spark cluster (one Master, one Worker) on 127.0.0.1 from the jars of the optional
# spark module, for testing `phaselab sweep --backend spark` for real (CI runs it; docs/scale-out.md).
#   ./mvnw -Pspark -pl spark -am package -DskipTests     # builds spark/target/lib
#   scripts/spark-local.sh up      # prints the master URL: spark://127.0.0.1:7077
#   scripts/spark-local.sh down
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
LIB="$ROOT/spark/target/lib"
STATE="${TMPDIR:-/tmp}/phaselab-spark"
JAVA_HOME="${JAVA_HOME:-}"
for j in "$JAVA_HOME" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25*; do
  if [ -n "$j" ] && [ -x "$j/bin/java" ] && "$j/bin/java" -version 2>&1 | grep -q 'version "2[5-9]'; then JAVA_HOME="$j"; break; fi
done
export JAVA_HOME
OPENS="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true"

case "${1:-}" in
  up)
    [ -d "$LIB" ] || { echo "no $LIB; build it: ./mvnw -Pspark -pl spark -am package -DskipTests" >&2; exit 1; }
    mkdir -p "$STATE/home" "$STATE/work"
    ln -sfn "$LIB" "$STATE/home/jars"          # the Worker wants SPARK_HOME/jars
    export SPARK_HOME="$STATE/home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
    # shellcheck disable=SC2086
    nohup "$JAVA_HOME/bin/java" $OPENS -cp "$LIB/*" org.apache.spark.deploy.master.Master \
      --host 127.0.0.1 --port 7077 --webui-port 18080 > "$STATE/master.log" 2>&1 &
    echo $! > "$STATE/master.pid"
    for _ in $(seq 1 60); do grep -q "I have been elected leader" "$STATE/master.log" && break; sleep 0.5; done
    # shellcheck disable=SC2086
    nohup "$JAVA_HOME/bin/java" $OPENS -cp "$LIB/*" org.apache.spark.deploy.worker.Worker spark://127.0.0.1:7077 \
      --host 127.0.0.1 --cores "$(nproc)" --memory 4g --work-dir "$STATE/work" --webui-port 18081 > "$STATE/worker.log" 2>&1 &
    echo $! > "$STATE/worker.pid"
    for _ in $(seq 1 60); do
      if grep -q "Successfully registered with master" "$STATE/worker.log"; then echo "spark://127.0.0.1:7077"; exit 0; fi
      sleep 0.5
    done
    echo "the Spark cluster did not come up; logs: $STATE/master.log $STATE/worker.log" >&2
    tail -20 "$STATE/master.log" "$STATE/worker.log" >&2
    exit 1
    ;;
  down)
    for p in worker master; do
      [ -f "$STATE/$p.pid" ] && kill "$(cat "$STATE/$p.pid")" 2>/dev/null || true
    done
    sleep 1
    rm -rf "$STATE"
    ;;
  *)
    echo "usage: scripts/spark-local.sh up|down" >&2
    exit 2
    ;;
esac
