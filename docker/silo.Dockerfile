# The silo host: one Orleans silo on Redis clustering and storage.
# Build from the repository root: docker build -f docker/silo.Dockerfile .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props NuGet.config ./
COPY src/Grains/SessionGrains.Grains.csproj src/Grains/
COPY src/Silo/SessionGrains.Silo.csproj src/Silo/
RUN dotnet restore src/Silo/SessionGrains.Silo.csproj
COPY src/Grains/ src/Grains/
COPY src/Silo/ src/Silo/
RUN dotnet publish src/Silo/SessionGrains.Silo.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# Silo-to-silo and gateway ports; AdvertisedHost=auto advertises the container's own address (its host name's).
ENV SessionGrains__Silo__Port=11111 \
    SessionGrains__Silo__GatewayPort=30000 \
    SessionGrains__Silo__AdvertisedHost=auto
EXPOSE 11111 30000
USER app
ENTRYPOINT ["dotnet", "SessionGrains.Silo.dll"]
