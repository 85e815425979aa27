# The gateway image: the same jar `./firebreak` builds.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY analysis analysis
COPY integrations integrations
COPY learning learning
COPY gateway gateway
COPY tests/pom.xml tests/pom.xml
COPY .mvn .mvn
COPY mvnw mvnw
RUN ./mvnw -B -q -Dmaven.test.skip=true -pl gateway -am package

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 firebreak && mkdir -p /var/lib/firebreak \
    && chown firebreak /var/lib/firebreak
COPY --from=build /src/gateway/target/firebreak.jar /opt/firebreak/firebreak.jar
COPY deploy/container/healthcheck /opt/firebreak/healthcheck
USER firebreak
WORKDIR /var/lib/firebreak
# A container is reached through its network interface, never its loopback: listen on all of
# them. Without credentials the gateway then refuses to start (local mode is loopback only)
# unless FIREBREAK_LOCAL_MODE_ON_ALL_INTERFACES=true says a demo may run unauthenticated.
# ContainerImageIT runs this stage's ENV, ENTRYPOINT, CMD and HEALTHCHECK as processes.
ENV FIREBREAK_HOST=0.0.0.0
ENV FIREBREAK_DATABASE_URL=jdbc:sqlite:/var/lib/firebreak/firebreak.db
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s CMD ["/opt/firebreak/healthcheck"]
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/firebreak/firebreak.jar"]
CMD ["serve"]
