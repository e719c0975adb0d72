using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EsafetyServerless.TestSupport;

public static class TestLogger
{
    public static ILogger Instance { get; } = NullLogger.Instance;
}
