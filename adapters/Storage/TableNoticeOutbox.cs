using Azure;
using Azure.Data.Tables;
using EsafetyServerless.Workflows.Notifications;

namespace EsafetyServerless.Adapters.Storage;

/// <summary>
/// The notice outbox: partition = the group (an incident id), row = the notice id. A group holds a handful of notices,
/// so listing it is one partition read; a claim is a change under the row's ETag, so of two senders one wins.
/// </summary>
public sealed class TableNoticeOutbox(StorageTables tables) : INoticeOutbox
{
    public async Task<IReadOnlyList<NoticeRecord>> RecordAsync(string groupId, IReadOnlyList<Notice> notices, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notices);
        TableClient table = await tables.GetAsync(TableNames.NoticeOutbox);
        List<NoticeRecord> recorded = [.. await this.ListAsync(groupId, cancellationToken)];
        foreach (Notice notice in notices.Where(n => recorded.All(r => r.NoticeId != n.NoticeId)).DistinctBy(n => n.NoticeId))
        {
            TableEntity entity = new(TableKeys.Escape(groupId), TableKeys.Escape(notice.NoticeId))
            {
                ["NoticeId"] = notice.NoticeId,
                ["To"] = notice.Email.To,
                ["Subject"] = notice.Email.Subject,
                ["Text"] = notice.Email.Text,
                ["State"] = nameof(NoticeState.Pending),
                ["RecordedAt"] = now,
            };
            try
            {
                await table.AddEntityAsync(entity, cancellationToken);
                recorded.Add(FromEntity(entity));
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // A concurrent run of the same step recorded it a moment ago: its record stands.
                return await this.ListAsync(groupId, cancellationToken);
            }
        }

        return recorded;
    }

    public async Task<IReadOnlyList<NoticeRecord>> ListAsync(string groupId, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.NoticeOutbox);
        List<NoticeRecord> found = [];
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Escape(groupId)}");
        await foreach (TableEntity entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            found.Add(FromEntity(entity));
        }

        return found;
    }

    public async Task<bool> ClaimAsync(string groupId, string noticeId, DateTimeOffset now, TimeSpan staleAfter, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.NoticeOutbox);
        NullableResponse<TableEntity> found = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(groupId), TableKeys.Escape(noticeId), cancellationToken: cancellationToken);
        if (!found.HasValue)
        {
            return false;
        }

        TableEntity entity = found.Value!;
        NoticeState state = Enum.Parse<NoticeState>(entity.GetString("State") ?? nameof(NoticeState.Pending));
        bool stale = state == NoticeState.Sending && (entity.GetDateTimeOffset("ClaimedAt") is not { } claimedAt || now - claimedAt >= staleAfter);
        if (state != NoticeState.Pending && !stale)
        {
            return false;
        }

        entity["State"] = nameof(NoticeState.Sending);
        entity["ClaimedAt"] = now;
        try
        {
            await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false; // Another sender claimed it first.
        }
    }

    public async Task MarkAsync(string groupId, string noticeId, NoticeState state, DateTimeOffset at, string? reason, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.NoticeOutbox);
        TableEntity change = new(TableKeys.Escape(groupId), TableKeys.Escape(noticeId))
        {
            ["State"] = state.ToString(),
            ["ClaimedAt"] = state == NoticeState.Sending ? at : null,
            ["Reason"] = reason,
            [state == NoticeState.Sent ? "SentAt" : "ChangedAt"] = at,
        };
        await table.UpdateEntityAsync(change, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    static NoticeRecord FromEntity(TableEntity entity) => new(
        entity.GetString("NoticeId") ?? entity.RowKey,
        new OutgoingEmail(entity.GetString("To") ?? string.Empty, entity.GetString("Subject") ?? string.Empty, entity.GetString("Text") ?? string.Empty),
        Enum.Parse<NoticeState>(entity.GetString("State") ?? nameof(NoticeState.Pending)),
        entity.GetDateTimeOffset("RecordedAt") ?? DateTimeOffset.MinValue,
        entity.GetDateTimeOffset("ClaimedAt"),
        entity.GetString("Reason"));
}
