using System.Globalization;
using System.Text;

namespace SessionGrains.Farm;

/// <summary>
/// The load balancer's configuration, as <c>scripts/cluster.sh</c> writes it, tuned to route around a front end that
/// stops: a failed connection passes the request to the next front end, and a front end that failed once is left out
/// for <see cref="FailTimeout"/>. nginx never passes on a POST that reached a front end (no <c>non_idempotent</c>), so
/// an increment is never applied twice; that is why a front end is drained before it stops: marked <c>down</c> here
/// and nginx reloaded, so no new request reaches it (<see cref="Farm.StopFrontendAsync"/>). A 503 from a front end
/// (the session service is briefly unavailable) is an answer, not a failed front end: it is passed to the client and
/// does not take the front end out. nginx is the edge: <c>X-Forwarded-For</c> is the address it sees, never appended to
/// what the client sent, and the front ends believe it only from nginx's address (<see cref="Farm"/>).
/// </summary>
public sealed class NginxConfig
{
    /// <summary>How long a front end that failed is left out. Default: 1 second.</summary>
    public TimeSpan FailTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long nginx waits to connect to a front end. Default: 1 second.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long nginx waits for a front end's answer. Default: 30 seconds, longer than any request should take.</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Writes the configuration for nginx on <paramref name="port"/> in front of <paramref name="frontendPorts"/>; those
    /// in <paramref name="drained"/> are marked <c>down</c> (nginx sends them nothing new).
    /// </summary>
    public string Render(string directory, int port, IEnumerable<int> frontendPorts, IReadOnlySet<int>? drained = null)
    {
        var servers = new StringBuilder();
        foreach (var frontend in frontendPorts)
        {
            var down = drained?.Contains(frontend) == true ? " down" : "";
            servers.Append(CultureInfo.InvariantCulture, $"    server 127.0.0.1:{frontend} max_fails=1 fail_timeout={Seconds(FailTimeout)}{down};\n");
        }

        return $$"""
            worker_processes 1;
            pid {{directory}}/nginx.pid.nginx;
            error_log {{directory}}/nginx-error.log;
            daemon off;
            events {
              worker_connections 4096;
            }
            http {
              access_log off;
              client_body_temp_path {{directory}}/nginx-tmp;
              proxy_temp_path {{directory}}/nginx-tmp;
              upstream frontends {
            {{servers}}  }
              server {
                listen 127.0.0.1:{{port.ToString(CultureInfo.InvariantCulture)}};
                location / {
                  proxy_pass http://frontends;
                  proxy_next_upstream error timeout;
                  proxy_connect_timeout {{Seconds(ConnectTimeout)}};
                  proxy_read_timeout {{Seconds(ReadTimeout)}};
                  proxy_set_header X-Forwarded-For $remote_addr;
                  proxy_set_header X-Forwarded-Proto $scheme;
                }
              }
            }

            """;
    }

    private static string Seconds(TimeSpan value) => ((int)Math.Ceiling(value.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + "s";
}
