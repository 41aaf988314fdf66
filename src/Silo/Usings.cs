global using Orleans.Hosting;
global using Orleans.Serialization;
