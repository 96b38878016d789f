# credential-broker image: built with the Maven Wrapper, run on a JRE 25 as a non-root user, with an
# AOT cache trained at build time, with which a pod is ready in about 0.6 of the time it takes
# without (bench/README.md, Results).
#
#   docker build -t credential-broker:0.1.0 .
#
# The container needs no writable path but /tmp: run it with a read-only root filesystem.
# Base images are pinned by tag and digest; renovate.json keeps both fresh.

# --- Build ------------------------------------------------------------------------------------
FROM eclipse-temurin:25.0.3_9-jdk-noble@sha256:3eb81ed94d8c1a34422f19f8188548bdf02cae69c91d0328afdbb7abed90f617 AS build
WORKDIR /build

# The wrapper, Maven and the dependencies first, in a layer of their own: it is rebuilt only when
# pom.xml or the wrapper changes, not on every change of the sources.
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
RUN chmod +x mvnw && ./mvnw -B -ntp dependency:go-offline

COPY src/ src/
RUN ./mvnw -B -ntp package -DskipTests \
 && cp target/credential-broker-*.jar application.jar

# Spring Boot's layers, extracted for fast starts and small image updates: the dependencies change
# rarely, the application's classes often. The extracted form is also what the AOT cache needs.
RUN java -Djarmode=tools -jar application.jar extract --layers --destination extracted

# --- Run --------------------------------------------------------------------------------------
FROM eclipse-temurin:25.0.3_9-jre-noble@sha256:2f1da100788559b397bcf48c736169ea5b070bde84e55f203bbee8e83d87a175

# A numeric user and group, so that Kubernetes can check runAsNonRoot without resolving a name.
RUN groupadd --system --gid 10001 broker \
 && useradd --system --uid 10001 --gid 10001 --home-dir /tmp --no-create-home \
      --shell /usr/sbin/nologin broker

WORKDIR /application
# From the least to the most often changed.
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./

# The AOT cache (JDK 25, JEP 483/514/515): a training run starts the broker until its context has
# refreshed (-Dspring.context.exit=onRefresh) with src/main/aot/training.yaml, which contacts
# nothing, and records the classes loaded and linked and the methods profiled into application.aot.
# It is valid for this JRE and these jars only, so it is made here, in the image it runs in.
# bench/run startup measures the same steps.
COPY src/main/aot/ aot/
RUN java -XX:AOTCacheOutput=application.aot -Dspring.context.exit=onRefresh -jar application.jar \
      --spring.config.additional-location=file:aot/training.yaml \
 && rm -rf aot

USER 10001:10001

# 8080: the API (server.port); 8081: actuator health, probes and metrics (management.server.port).
EXPOSE 8080 8081

# Container-aware memory: the heap is 75% of the container's memory limit, and it is that size from
# the start. A heap left to grow from a small start stays small under load: on Temurin 25, G1 held
# the bench's 256 MiB heap at about 90 MiB, where the broker's 42 MiB of long-lived objects sat
# above its marking threshold, and it marked the heap every 0.6 s with a 10 ms pause each time
# (bench/README.md). The container's memory request is its limit, so the memory is the pod's
# already. Temporary files go to /tmp, the only writable path. The AOT cache is used when it
# matches the JVM and classpath, which it does here (a mismatch is a warning and a slower start,
# never a failure). More JVM flags: JDK_JAVA_OPTIONS.
ENTRYPOINT ["java", "-XX:AOTCache=application.aot", "-XX:InitialRAMPercentage=75", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp", "-jar", "application.jar"]
