namespace EsafetyServerless.Workflows.Response;

/// <summary>
/// Settings that shorten the response workflow's waits (section <c>Response</c>: <c>Response__NoticeRetryFirst</c>, …,
/// as <c>hh:mm:ss</c>). The local runtime reads them so end-to-end tests can shrink hours to seconds; unset, each is
/// its production value (<see cref="ResponseTimings"/>), which is all the Functions app ever uses.
/// </summary>
public sealed class ResponseOptions
{
    public const string SectionName = "Response";

    /// <summary>When the officer is reminded of an untriaged emailed report (an hour).</summary>
    public TimeSpan? TriageReminderAfter { get; set; }

    /// <summary>When the senior manager is told of it (four working hours).</summary>
    public TimeSpan? TriageEscalationAfter { get; set; }

    /// <summary>How often an untriaged report is looked at after that (an hour).</summary>
    public TimeSpan? TriageRecheckEvery { get; set; }

    /// <summary>The first wait before a notice the mail server did not take is sent again (a minute; each wait doubles).</summary>
    public TimeSpan? NoticeRetryFirst { get; set; }

    /// <summary>The longest wait between two tries (30 minutes).</summary>
    public TimeSpan? NoticeRetryLongest { get; set; }

    /// <summary>How long notices are retried before the officer gets a task and the senior manager is told (four hours).</summary>
    public TimeSpan? NoticeRetryFor { get; set; }

    /// <summary>The timings for a new workflow's input: null (the defaults) when nothing is set.</summary>
    public ResponseTimings? Timings()
    {
        TimeSpan?[] all = [this.TriageReminderAfter, this.TriageEscalationAfter, this.TriageRecheckEvery, this.NoticeRetryFirst, this.NoticeRetryLongest, this.NoticeRetryFor];
        if (all.All(t => t is null))
        {
            return null;
        }

        return ResponseTimings.Default with
        {
            TriageReminderAfter = this.TriageReminderAfter ?? ResponseTimings.Default.TriageReminderAfter,
            TriageEscalationAfter = this.TriageEscalationAfter,
            TriageRecheck = this.TriageRecheckEvery,
            NoticeRetryFirst = this.NoticeRetryFirst,
            NoticeRetryLongest = this.NoticeRetryLongest,
            NoticeRetryFor = this.NoticeRetryFor,
        };
    }

    /// <summary>Refuses a setting that is zero or negative (checked when the host starts).</summary>
    public ResponseOptions Validated()
    {
        foreach ((string name, TimeSpan? value) in new (string, TimeSpan?)[]
        {
            (nameof(this.TriageReminderAfter), this.TriageReminderAfter), (nameof(this.TriageEscalationAfter), this.TriageEscalationAfter),
            (nameof(this.TriageRecheckEvery), this.TriageRecheckEvery), (nameof(this.NoticeRetryFirst), this.NoticeRetryFirst),
            (nameof(this.NoticeRetryLongest), this.NoticeRetryLongest), (nameof(this.NoticeRetryFor), this.NoticeRetryFor),
        })
        {
            if (value is { } set && set <= TimeSpan.Zero)
            {
                throw new InvalidOperationException($"{SectionName}__{name} must be a positive duration (hh:mm:ss), not {set}.");
            }
        }

        return this;
    }
}
