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
RUN mvn -B -q -Dmaven.test.skip=true -pl gateway -am package

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 firebreak && mkdir -p /var/lib/firebreak \
    && chown firebreak /var/lib/firebreak
COPY --from=build /src/gateway/target/firebreak.jar /opt/firebreak/firebreak.jar
USER firebreak
WORKDIR /var/lib/firebreak
ENV FIREBREAK_DATABASE_URL=jdbc:sqlite:/var/lib/firebreak/firebreak.db
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health HTTP/1.0\r\n\r\n' >&3 && grep -q \"200\" <&3"]
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/firebreak/firebreak.jar"]
CMD ["serve"]
