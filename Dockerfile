# syntax=docker/dockerfile:1
# mailtls server image: builds the runnable jar with Maven on a JDK, runs it on a JRE as a non-root
# user. Configuration by environment only (MAILTLS_*; see the README's "The server").
# app/src/test/java/dev/mailtls/app/DockerfileTest.java keeps this file in step with the build.

FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY . .
# The Maven repository is cached between builds (BuildKit); tests run in CI, not here.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp -DskipTests -pl app -am package

FROM eclipse-temurin:21-jre
RUN groupadd --system --gid 10001 mailtls \
 && useradd --system --uid 10001 --gid mailtls --home-dir /data --no-create-home \
      --shell /usr/sbin/nologin mailtls \
 && mkdir -p /opt/mailtls /data \
 && chown mailtls:mailtls /data
COPY --from=build /src/app/target/mailtls.jar /opt/mailtls/mailtls.jar
ENV MAILTLS_HTTP_ADDR=0.0.0.0:8080 \
    MAILTLS_DATA_DIR=/data
VOLUME /data
EXPOSE 8080
USER mailtls:mailtls
# The JRE image has no curl: the jar asks its own /healthz (exit 0 on 200 within 5 s, else 1).
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
  CMD ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m", "-jar", "/opt/mailtls/mailtls.jar", "healthcheck"]
# Exec form: java is PID 1 and gets SIGTERM from "docker stop", which drains and stops the server.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/mailtls/mailtls.jar"]
CMD ["serve"]
