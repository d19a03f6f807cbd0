# Builds with the same install script as a developer machine and CI.
FROM debian:12
WORKDIR /src
COPY scripts/install-deps.sh scripts/install-deps.sh
RUN bash scripts/install-deps.sh
COPY . .
RUN bash scripts/install-deps.sh \
 && cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release -DFEATURE_SERVICE_TESTS=OFF -DFEATURE_SERVICE_BENCHMARKS=OFF \
 && cmake --build /build --target feature-service -j"$(nproc)" \
 && install -m 0755 /build/bin/feature-service /usr/local/bin/feature-service \
 && install -m 0644 /src/.deps/duckdb-1.4.4/lib/libduckdb.so /usr/local/lib/libduckdb.so && ldconfig
ENV FEATURE_SERVICE_PORT=4900 \
    FEATURE_SERVICE_RAW_DATA_PATH=/data/raw \
    FEATURE_SERVICE_DATASET_STORAGE_PATH=/data/datasets
EXPOSE 4900
VOLUME ["/data"]
ENTRYPOINT ["feature-service"]
CMD ["serve"]
