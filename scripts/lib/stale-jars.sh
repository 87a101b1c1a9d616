# Sourced by run-local.sh and ops-tool.sh (from the repository's root).
# SERVICE_JARS: the three services' executable jars, as the platform launcher and the lab tools start them.
SERVICE_JARS=(order-producer/target/order-producer-exec.jar inventory-consumer/target/inventory-consumer-exec.jar
              points-consumer/target/points-consumer-exec.jar)

# jars_stale JAR…: true when a jar is missing or older than any main source, migration or POM of the repository,
# so a run after a change never starts the code from before it.
jars_stale() {
  local jar
  for jar in "$@"; do
    [[ -f "$jar" ]] || return 0
    if [[ -n "$(find pom.xml ./*/pom.xml ./*/src/main sql -newer "$jar" -type f -print -quit 2>/dev/null)" ]]; then
      return 0
    fi
  done
  return 1
}
