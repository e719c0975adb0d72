using Azure;
using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.Adapters.Configuration;

/// <summary>
/// Azure SDK and durable client failures that mean a dependency is down or busy: no answer (status 0), 408, 429 and
/// 5xx from storage or Service Bus, a timeout, a refused connection, or the durable engine's gRPC channel unavailable.
/// </summary>
public sealed class AzureOutageDetector : IOutageDetector
{
    public bool IsOutage(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case RequestFailedException { Status: 0 or 408 or 429 or >= 500 }:
                case TimeoutException:
                case HttpRequestException:
                case System.Net.Sockets.SocketException:
                case Grpc.Core.RpcException { StatusCode: Grpc.Core.StatusCode.Unavailable or Grpc.Core.StatusCode.DeadlineExceeded or Grpc.Core.StatusCode.ResourceExhausted }:
                    return true;
                case AggregateException aggregate when aggregate.InnerExceptions.Any(this.IsOutage):
                    return true;
                default:
                    break;
            }
        }

        return false;
    }
}
