# Polyface in a container: a recipe, built from this source tree (README, "Use it in your tests").
#   docker build -t polyface .
#   docker run --rm -p 8080:8080 -v polyface-data:/data polyface
# The image serves every dialect on port 8080 (server.host 0.0.0.0), keeps its database in the
# volume /data, and carries the face models, fetched once while building, so it starts offline.

# ---- build: the distribution archive and the models ---------------------------------------
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -pl gateway -am package -DskipTests \
    && mkdir /dist \
    && tar -xzf gateway/target/polyface-*.tar.gz -C /dist --strip-components=1
ENV POLYFACE_MODELS=/dist/models
RUN java -cp "/dist/polyface.jar:/dist/lib/*" io.polyface.engine.local.pipeline.ModelStore \
    && printf '%s\n' \
        '# The container listens on every interface: loopback alone is unreachable through -p.' \
        'server:' \
        '  host: 0.0.0.0' \
        '  port: 8080' \
        'data-dir: /data' \
        > /dist/polyface.yaml

# ---- run ------------------------------------------------------------------------------------
# The JDK image, not the JRE one: Temurin's JRE images carry a subset of the JDK's modules, and the
# local engine needs the incubating jdk.incubator.vector.
FROM eclipse-temurin:25-jdk
RUN groupadd --system --gid 10001 polyface \
    && useradd --system --uid 10001 --gid polyface --no-create-home --home-dir /opt/polyface polyface \
    && mkdir /data \
    && chown polyface:polyface /data
COPY --from=build /dist /opt/polyface
ENV POLYFACE_MODELS=/opt/polyface/models
WORKDIR /opt/polyface
USER polyface
VOLUME ["/data"]
EXPOSE 8080
# The Vector API is an incubator module, which no jar manifest can add; the Unsafe flag only
# silences a warning of JavaCPP on Java 24 and later.
ENTRYPOINT ["java", "--add-modules", "jdk.incubator.vector", "--sun-misc-unsafe-memory-access=allow", "-XX:+UseZGC", \
            "-jar", "/opt/polyface/polyface.jar"]
# Mount a file of your own over /opt/polyface/polyface.yaml to configure it (keep server.host 0.0.0.0).
CMD ["serve", "--config", "/opt/polyface/polyface.yaml"]
