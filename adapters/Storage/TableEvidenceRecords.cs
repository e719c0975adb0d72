using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using EsafetyServerless.Workflows.Evidence;

namespace EsafetyServerless.Adapters.Storage;

/// <summary>
/// An incident's evidence records besides the register, in one table partitioned by incident id: the legal hold
/// (row <c>hold</c>), device and site reviews (rows <c>review-…</c>) and disclosure requests (rows <c>disclosure-…</c>).
/// Each is a JSON document; changes are guarded by the row's ETag.
/// </summary>
public sealed class TableEvidenceRecords(StorageTables tables) : ILegalHolds, IDeviceReviews, IDisclosureRequests
{
    const string HoldRow = "hold";
    const string ReviewPrefix = "review-";
    const string DisclosurePrefix = "disclosure-";
    static readonly JsonSerializerOptions Json = TableJson.Options;

    Task<TableClient> Table() => tables.GetAsync(TableNames.EvidenceRecords);

    static TableEntity Entity<T>(string incidentId, string row, T value) => new(TableKeys.Escape(incidentId), row) { ["Record"] = JsonSerializer.Serialize(value, Json) };

    static T Read<T>(TableEntity entity) => JsonSerializer.Deserialize<T>(entity.GetString("Record"), Json)!;

    static bool IsWellFormedId(string id) => id.Length is > 0 and <= 100 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public async Task<LegalHold?> FindAsync(string incidentId, CancellationToken cancellationToken)
    {
        NullableResponse<TableEntity> found = await (await this.Table()).GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(incidentId), HoldRow, cancellationToken: cancellationToken);
        return found.HasValue ? Read<LegalHold>(found.Value!) : null;
    }

    public async Task<(LegalHold Hold, bool Placed)> PlaceAsync(LegalHold hold, bool replaceReleased, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hold);
        TableClient table = await this.Table();
        while (true)
        {
            NullableResponse<TableEntity> found = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(hold.IncidentId), HoldRow, cancellationToken: cancellationToken);
            try
            {
                if (!found.HasValue)
                {
                    await table.AddEntityAsync(Entity(hold.IncidentId, HoldRow, hold), cancellationToken);
                    return (hold, true);
                }

                LegalHold current = Read<LegalHold>(found.Value!);
                if (current.IsActive || !replaceReleased)
                {
                    return (current, false);
                }

                await table.UpdateEntityAsync(Entity(hold.IncidentId, HoldRow, hold), found.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
                return (hold, true);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Someone placed or released the hold at the same moment: look again.
            }
        }
    }

    public async Task<LegalHold?> ReleaseAsync(string incidentId, string releasedBy, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        TableClient table = await this.Table();
        NullableResponse<TableEntity> found = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(incidentId), HoldRow, cancellationToken: cancellationToken);
        if (!found.HasValue || Read<LegalHold>(found.Value!) is not { IsActive: true } current)
        {
            return null;
        }

        LegalHold released = current with { ReleasedAt = at, ReleasedBy = releasedBy, ReleaseReason = reason };
        try
        {
            await table.UpdateEntityAsync(Entity(incidentId, HoldRow, released), found.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
            return released;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return null;
        }
    }

    public async Task<bool> RemoveUnlessActiveAsync(string incidentId, CancellationToken cancellationToken)
    {
        TableClient table = await this.Table();
        while (true)
        {
            NullableResponse<TableEntity> found = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(incidentId), HoldRow, cancellationToken: cancellationToken);
            if (!found.HasValue)
            {
                return true;
            }

            if (Read<LegalHold>(found.Value!).IsActive)
            {
                return false;
            }

            try
            {
                await table.DeleteEntityAsync(TableKeys.Escape(incidentId), HoldRow, found.Value!.ETag, cancellationToken);
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                // Gone already, or a new hold placed over the released one a moment ago: look again.
            }
        }
    }

    public async Task AddAsync(DeviceReview review, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(review);
        await (await this.Table()).AddEntityAsync(Entity(review.IncidentId, ReviewPrefix + review.ReviewId, review), cancellationToken);
    }

    async Task<IReadOnlyList<DeviceReview>> IDeviceReviews.ListAsync(string incidentId, CancellationToken cancellationToken) =>
        await this.ListAsync<DeviceReview>(incidentId, ReviewPrefix, cancellationToken);

    Task IDeviceReviews.DeleteAllAsync(string incidentId, CancellationToken cancellationToken) => this.DeleteAllAsync(incidentId, ReviewPrefix, cancellationToken);

    public async Task AddAsync(DisclosureRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await (await this.Table()).AddEntityAsync(Entity(request.IncidentId, DisclosurePrefix + request.RequestId, request), cancellationToken);
    }

    public async Task<DisclosureRequest?> FindAsync(string incidentId, string requestId, CancellationToken cancellationToken)
    {
        if (!IsWellFormedId(requestId))
        {
            return null;
        }

        NullableResponse<TableEntity> found = await (await this.Table()).GetEntityIfExistsAsync<TableEntity>(
            TableKeys.Escape(incidentId), DisclosurePrefix + requestId, cancellationToken: cancellationToken);
        return found.HasValue ? Read<DisclosureRequest>(found.Value!) : null;
    }

    async Task<IReadOnlyList<DisclosureRequest>> IDisclosureRequests.ListAsync(string incidentId, CancellationToken cancellationToken) =>
        await this.ListAsync<DisclosureRequest>(incidentId, DisclosurePrefix, cancellationToken);

    public async Task<DisclosureRequest?> UpdateAsync(string incidentId, string requestId, Func<DisclosureRequest, DisclosureRequest> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (!IsWellFormedId(requestId))
        {
            return null;
        }

        TableClient table = await this.Table();
        while (true)
        {
            NullableResponse<TableEntity> found = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(incidentId), DisclosurePrefix + requestId, cancellationToken: cancellationToken);
            if (!found.HasValue)
            {
                return null;
            }

            DisclosureRequest current = Read<DisclosureRequest>(found.Value!);
            DisclosureRequest changed = change(current);
            if (changed == current)
            {
                return current;
            }

            try
            {
                await table.UpdateEntityAsync(Entity(incidentId, DisclosurePrefix + requestId, changed), found.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
                return changed;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                // Changed by someone else between our read and write: apply the change to their version.
            }
        }
    }

    Task IDisclosureRequests.DeleteAllAsync(string incidentId, CancellationToken cancellationToken) => this.DeleteAllAsync(incidentId, DisclosurePrefix, cancellationToken);

    async Task<List<T>> ListAsync<T>(string incidentId, string prefix, CancellationToken cancellationToken)
    {
        TableClient table = await this.Table();
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Escape(incidentId)} and RowKey ge {prefix} and RowKey lt {prefix + "~"}");
        List<T> found = [];
        await foreach (TableEntity entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            found.Add(Read<T>(entity));
        }

        return found;
    }

    async Task DeleteAllAsync(string incidentId, string prefix, CancellationToken cancellationToken)
    {
        TableClient table = await this.Table();
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Escape(incidentId)} and RowKey ge {prefix} and RowKey lt {prefix + "~"}");
        await foreach (TableEntity entity in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            await table.DeleteEntityAsync(entity.PartitionKey, entity.RowKey, ETag.All, cancellationToken);
        }
    }
}
