using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orquesta.Azure.Engine.Storage;

namespace Orquesta.Azure.FunctionApp;

/// <summary>
/// Creates the app's tables when the worker starts, retrying in the background until it succeeds:
/// right after a first deployment the identity's role assignments may take minutes to apply, and a
/// worker that crashed at startup would only be restarted into the same failure. Until the tables
/// exist, the API answers 503 (the store's failure), which says to try again.
/// </summary>
internal sealed partial class TableSetup(EngineStorage storage, ILogger<TableSetup> logger) : BackgroundService
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LongestDelay = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = FirstDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await storage.CreateTablesAsync(stoppingToken).ConfigureAwait(false);
                LogReady(logger, storage.TablePrefix);
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Any failure (storage, credential, network): a worker stopped by it would not fix it.
                LogRetry(logger, e, delay.TotalSeconds);
            }

            await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestDelay.Ticks));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The Orquesta tables (prefix {Prefix}) are ready")]
    private static partial void LogReady(ILogger logger, string prefix);

    [LoggerMessage(Level = LogLevel.Error, Message = "Creating the Orquesta tables failed; retrying in {Seconds} s")]
    private static partial void LogRetry(ILogger logger, Exception exception, double seconds);
}
