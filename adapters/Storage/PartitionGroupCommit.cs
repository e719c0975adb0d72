using System.Collections.Concurrent;

namespace EsafetyServerless.Adapters.Storage;

/// <summary>
/// Group commit for writes that must be serialised per table partition (an agency's audit chain head, its reference
/// counter): concurrent writers to one partition queue their requests, and one of them commits everything queued as
/// a single batch (one entity-group transaction). So 50 concurrent writers to one agency cost a few transactions,
/// not 50 retries racing for the same ETag. Different partitions commit in parallel. Writers in other processes
/// still race for the ETag; <paramref name="commitBatch"/> handles that with its own retries.
/// </summary>
/// <param name="commitBatch">Commits a batch for a partition and returns one result per request, in order.</param>
/// <param name="maxBatch">The most requests in one batch (a transaction holds at most 100 operations).</param>
public sealed class PartitionGroupCommit<TRequest, TResult>(
    Func<string, IReadOnlyList<TRequest>, CancellationToken, Task<IReadOnlyList<TResult>>> commitBatch,
    Func<IReadOnlyList<TRequest>, TRequest, bool> fits)
{
    readonly ConcurrentDictionary<string, PartitionQueue> partitions = new(StringComparer.Ordinal);

    public async Task<TResult> SubmitAsync(string partition, TRequest request, CancellationToken cancellationToken)
    {
        TaskCompletionSource<TResult> done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        PartitionQueue queue = this.partitions.GetOrAdd(partition, _ => new PartitionQueue());
        bool lead;
        lock (queue)
        {
            queue.Pending.Enqueue((request, done));
            lead = !queue.Committing;
            queue.Committing = true;
        }

        if (lead)
        {
            // One committer per partition, for everyone queued, until the queue is empty. It runs on its own, so no
            // writer waits for batches queued after its own, and no writer giving up cancels others' work.
            _ = Task.Run(() => this.DrainAsync(partition, queue), CancellationToken.None);
        }

        return await done.Task.WaitAsync(cancellationToken);
    }

    async Task DrainAsync(string partition, PartitionQueue queue)
    {
        while (true)
        {
            List<(TRequest Request, TaskCompletionSource<TResult> Done)> batch = [];
            lock (queue)
            {
                while (queue.Pending.TryPeek(out (TRequest Request, TaskCompletionSource<TResult> Done) next)
                    && (batch.Count == 0 || fits(batch.Select(b => b.Request).ToList(), next.Request)))
                {
                    batch.Add(queue.Pending.Dequeue());
                }

                if (batch.Count == 0)
                {
                    queue.Committing = false;
                    return;
                }
            }

            try
            {
                IReadOnlyList<TResult> results = await commitBatch(partition, batch.Select(b => b.Request).ToList(), CancellationToken.None);
                for (int i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.TrySetResult(results[i]);
                }
            }
            catch (Exception ex)
            {
                foreach ((TRequest _, TaskCompletionSource<TResult> waiting) in batch)
                {
                    waiting.TrySetException(ex);
                }
            }
        }
    }

    sealed class PartitionQueue
    {
        public Queue<(TRequest Request, TaskCompletionSource<TResult> Done)> Pending { get; } = new();

        public bool Committing { get; set; }
    }
}

/// <summary>Retries against another process's concurrent write (a changed ETag): short, jittered, capped backoff.</summary>
public static class ConflictBackoff
{
    public const int MaxAttempts = 12;

    public static Task DelayAsync(int attempt, CancellationToken cancellationToken)
    {
        int ceiling = Math.Min(400, 10 << Math.Min(attempt, 6));
        return Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(ceiling / 2, ceiling + 1)), cancellationToken);
    }
}
