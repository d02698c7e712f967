# The schemawright operator image: `docker build -t schemawright:0.1.0 .`
# Runs `schemawright operator` as a non-root user; the Helm chart (charts/schemawright) deploys it.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY operator ./operator
RUN pip wheel --wheel-dir /wheels .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HOME=/tmp SCHEMAWRIGHT_HOME=/tmp/schemawright
COPY --from=build /wheels /wheels
RUN pip install /wheels/*.whl && rm -rf /wheels \
 && groupadd --gid 10001 schemawright \
 && useradd --uid 10001 --gid 10001 --no-create-home --home-dir /tmp --shell /usr/sbin/nologin schemawright
USER 10001:10001
EXPOSE 8080 9090
ENTRYPOINT ["schemawright"]
CMD ["operator"]
