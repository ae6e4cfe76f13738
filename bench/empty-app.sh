# Sourced by startup.sh and peer.sh: lays out an empty Quarkus application built the same way as
# the service (the same Quarkus BOM and plugin, Java 17, fast-jar, the project's .mvn/maven.config).
#
#   empty_app DIR ARTIFACT EXTENSION...     writes DIR/pom.xml (the io.quarkus EXTENSIONs as its
#                                           dependencies) and makes DIR/src/main/java/bench
#   build_app DIR                           ./mvnw package -DskipTests in DIR, quietly
_empty_app_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

empty_app() {
    local dir=$1 artifact=$2 extension deps=""
    shift 2
    for extension in "$@"; do
        deps="$deps<dependency><groupId>io.quarkus</groupId><artifactId>$extension</artifactId></dependency>"
    done
    mkdir -p "$dir/src/main/java/bench" "$dir/src/main/resources" "$dir/.mvn"
    cp "$_empty_app_root/.mvn/maven.config" "$dir/.mvn/"
    cat >"$dir/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>$artifact</artifactId><version>1</version>
  <properties><maven.compiler.release>17</maven.compiler.release><project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>
  <dependencyManagement><dependencies><dependency><groupId>io.quarkus</groupId><artifactId>quarkus-bom</artifactId>
    <version>3.33.2</version><type>pom</type><scope>import</scope></dependency></dependencies></dependencyManagement>
  <dependencies>$deps</dependencies>
  <build><plugins><plugin><groupId>io.quarkus</groupId><artifactId>quarkus-maven-plugin</artifactId><version>3.33.2</version>
    <extensions>true</extensions><executions><execution><goals><goal>build</goal></goals></execution></executions></plugin></plugins></build>
</project>
POM
}

build_app() {
    (cd "$1" && "$_empty_app_root/mvnw" -q -B package -DskipTests >/dev/null)
}
