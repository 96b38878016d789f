# credential-broker image: built with the Maven Wrapper, run on a JRE as a non-root user.
#
#   docker build -t credential-broker:0.1.0 .
#
# The container needs no writable path but /tmp: run it with a read-only root filesystem.

# --- Build ------------------------------------------------------------------------------------
FROM eclipse-temurin:21.0.8_9-jdk-noble AS build
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
# rarely, the application's classes often.
RUN java -Djarmode=tools -jar application.jar extract --layers --destination extracted

# --- Run --------------------------------------------------------------------------------------
FROM eclipse-temurin:21.0.8_9-jre-noble

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

USER 10001:10001

# 8080: the API (server.port); 8081: actuator health, probes and metrics (management.server.port).
EXPOSE 8080 8081

# Container-aware memory: the heap is 75% of the container's memory limit. Temporary files go to
# /tmp, the only writable path. More JVM flags: JDK_JAVA_OPTIONS.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp", "-jar", "application.jar"]
