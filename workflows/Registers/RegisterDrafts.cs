using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.Workflows.Registers;

/// <summary>A register item as a client sends it (create or replace). Exactly the details of its kind are set.</summary>
public sealed record RegisterItemDraft(
    RegisterKind? Kind,
    string? Title,
    DateOnly? LastReviewed,
    DateOnly? NextReviewDue,
    OfficerAppointment? Officer,
    AupDraft? Aup,
    PolicyDetails? Policy,
    TechnologyDetails? Technology,
    FilteringDetails? Filtering,
    TrainingDetails? Training);

/// <summary>An AUP as a client sends it; the document and the review flag are kept by the system.</summary>
public sealed record AupDraft(
    AupAudience? Audience,
    string? AgeGroup,
    string? Version,
    IReadOnlyList<string>? TechnologiesCovered,
    bool? StatesSanctions,
    bool? StatesMonitoring);

/// <summary>A signature as a client records it.</summary>
/// <param name="Version">Null for the AUP's current version.</param>
public sealed record SignatureDraft(string? Version, string? Signer, SignedBy? SignedBy, string? CarerName);

/// <summary>Turns drafts into register records, with a field error for every problem (never an exception).</summary>
public static class RegisterValidation
{
    const int MaxTitle = 200;
    const int MaxShort = 200;

    /// <summary>The most attendees one training session records (a whole staff INSET day fits).</summary>
    public const int MaxAttendees = 500;
    const int MaxList = 50;

    /// <summary>The item the draft describes, or null with errors.</summary>
    /// <param name="existing">The item being replaced, whose kind, document and history are kept.</param>
    public static RegisterItem? ToItem(RegisterItemDraft? draft, RegisterItem? existing, string agencyId, string personId, DateTimeOffset now, IReadOnlySet<string> agencyPeople, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(agencyPeople);
        ArgumentNullException.ThrowIfNull(errors);
        if (draft is null)
        {
            errors.Add("body", "Send the register item as a JSON object");
            return null;
        }

        DateOnly today = DateOnly.FromDateTime(now.UtcDateTime);
        RegisterKind? kind = existing?.Kind ?? draft.Kind;
        if (kind is null)
        {
            errors.Add("kind", "Kind must be one of: " + string.Join(", ", WireNames.All<RegisterKind>()));
            return null;
        }

        if (existing is not null && draft.Kind is { } sent && sent != existing.Kind)
        {
            errors.Add("kind", "The kind of an item cannot change");
        }

        Text(draft.Title, "title", MaxTitle, errors);
        NotFuture(draft.LastReviewed, "lastReviewed", today, errors);
        int detailCount = new object?[] { draft.Officer, draft.Aup, draft.Policy, draft.Technology, draft.Filtering, draft.Training }.Count(d => d is not null);
        if (detailCount > 1)
        {
            errors.Add("body", "Send only the details of the item's kind");
        }

        RegisterItem item = new(agencyId, existing?.ItemId ?? ReviewCycle.NewItemId(kind.Value), kind.Value, draft.Title?.Trim() ?? string.Empty,
            null, null, now, personId, Reviews: existing?.Reviews);
        DateOnly? anchor = draft.LastReviewed;
        switch (kind.Value)
        {
            case RegisterKind.OfficerAppointment:
                if (Required(draft.Officer, "officer", errors) is { } officer)
                {
                    Person(officer.PersonId, "officer.personId", agencyPeople, errors);
                    NotFuture(officer.Since, "officer.since", today, errors);
                    List(officer.TrainingHeld, "officer.trainingHeld", errors);
                    item = item with { Officer = officer with { TrainingHeld = officer.TrainingHeld ?? [] } };
                }

                break;
            case RegisterKind.Aup:
                if (Required(draft.Aup, "aup", errors) is { } aup)
                {
                    if (aup.Audience is null)
                    {
                        errors.Add("aup.audience", "Audience must be one of: " + string.Join(", ", WireNames.All<AupAudience>()));
                    }

                    if (aup.Audience == AupAudience.Children)
                    {
                        Text(aup.AgeGroup, "aup.ageGroup", MaxShort, errors, "Give the age group this version is written for");
                    }

                    Text(aup.Version, "aup.version", 50, errors);
                    List(aup.TechnologiesCovered, "aup.technologiesCovered", errors);
                    if (aup.StatesSanctions is null)
                    {
                        errors.Add("aup.statesSanctions", "Say whether the AUP states the sanctions (true or false)");
                    }

                    if (aup.StatesMonitoring is null)
                    {
                        errors.Add("aup.statesMonitoring", "Say whether the AUP states the monitoring (true or false)");
                    }

                    item = item with
                    {
                        Aup = new AupDetails(aup.Audience ?? AupAudience.Staff, aup.Audience == AupAudience.Children ? aup.AgeGroup?.Trim() : null, aup.Version?.Trim() ?? string.Empty,
                            aup.TechnologiesCovered ?? [], aup.StatesSanctions ?? false, aup.StatesMonitoring ?? false,
                            existing?.Aup?.Version == aup.Version?.Trim() ? existing?.Aup?.DocumentBlob : null, existing?.Aup?.FlaggedForReview),
                    };
                }

                break;
            case RegisterKind.Policy:
                item = item with { Policy = draft.Policy ?? new PolicyDetails(PolicyKind.Other) };
                break;
            case RegisterKind.Technology:
                if (Required(draft.Technology, "technology", errors) is { } technology)
                {
                    if (technology.RiskAssessment is { } risk)
                    {
                        if (risk.Risks is not { Count: > 0 })
                        {
                            errors.Add("technology.riskAssessment.risks", "List at least one risk");
                        }

                        if (risk.Mitigations is not { Count: > 0 })
                        {
                            errors.Add("technology.riskAssessment.mitigations", "List at least one mitigation");
                        }

                        List(risk.Risks, "technology.riskAssessment.risks", errors);
                        List(risk.Mitigations, "technology.riskAssessment.mitigations", errors);
                        List(risk.EmergingIssues, "technology.riskAssessment.emergingIssues", errors);
                        Person(risk.OwnerPersonId, "technology.riskAssessment.ownerPersonId", agencyPeople, errors);
                        technology = technology with { RiskAssessment = risk with { EmergingIssues = risk.EmergingIssues ?? [] } };
                    }

                    item = item with { Technology = technology };
                }

                break;
            case RegisterKind.Filtering:
                if (Required(draft.Filtering, "filtering", errors) is { } filtering)
                {
                    Text(filtering.Provider, "filtering.provider", MaxShort, errors, "Name the filtering provider");
                    NotFuture(filtering.LastEffectivenessReview, "filtering.lastEffectivenessReview", today, errors);
                    anchor ??= filtering.LastEffectivenessReview;
                    item = item with { Filtering = filtering };
                }

                break;
            case RegisterKind.Training:
                if (Required(draft.Training, "training", errors) is { } training)
                {
                    if (TrainingDetails.IsForGroups(training.Role))
                    {
                        Text(training.Trainee, "training.trainee", MaxShort, errors, "Give the class or group trained");
                    }
                    else if (training.Attendees is not { Count: > 0 })
                    {
                        Text(training.Trainee, "training.attendees", MaxShort, errors, "Choose who attended");
                    }

                    if (training.Attendees is { Count: > 0 } attendees)
                    {
                        if (TrainingDetails.IsForGroups(training.Role))
                        {
                            errors.Add("training.attendees", "Children and parents are recorded as a group, not from the directory");
                        }
                        else if (attendees.Count > MaxAttendees)
                        {
                            errors.Add("training.attendees", "A session has at most " + MaxAttendees.ToString(System.Globalization.CultureInfo.InvariantCulture) + " attendees: record a larger one as two sessions");
                        }
                        else
                        {
                            foreach (string attendee in attendees.Distinct(StringComparer.Ordinal))
                            {
                                Person(attendee, "training.attendees", agencyPeople, errors);
                            }

                            training = training with { Trainee = training.Trainee ?? string.Empty, Attendees = attendees.Distinct(StringComparer.Ordinal).ToList() };
                        }
                    }

                    Text(training.Course, "training.course", MaxShort, errors, "Name the course");
                    Text(training.Provider, "training.provider", MaxShort, errors, "Name the provider");
                    NotFuture(training.CompletedOn, "training.completedOn", today, errors);
                    if (training.CompletedOn == default)
                    {
                        errors.Add("training.completedOn", "Give the date the training was completed");
                    }

                    anchor ??= training.CompletedOn == default ? null : training.CompletedOn;
                    item = item with { Training = training };
                }

                break;
        }

        if (errors.Any)
        {
            return null;
        }

        if (!ReviewCycle.HasCycle(kind.Value))
        {
            return item with { LastReviewed = draft.LastReviewed };
        }

        // A new item was written or checked when recorded; a technology children use without an assessment is due at once.
        DateOnly last = anchor ?? existing?.LastReviewed ?? today;
        DateOnly latest = ReviewCycle.NextDue(last);
        DateOnly next = draft.NextReviewDue ?? existing?.NextReviewDue ?? latest;
        if (next > latest)
        {
            errors.Add("nextReviewDue", "The next review must be within 12 months of the last one");
            return null;
        }

        if (item.Technology is { ChildrenCanAccess: true, RiskAssessment: null })
        {
            next = today;
        }

        return item with { LastReviewed = last, NextReviewDue = next };
    }

    public static AupSignature? ToSignature(SignatureDraft? draft, RegisterItem aup, string recordedBy, DateTimeOffset now, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(aup);
        ArgumentNullException.ThrowIfNull(errors);
        if (draft is null)
        {
            errors.Add("body", "Send the signature as a JSON object");
            return null;
        }

        if (aup.Aup is null)
        {
            errors.Add("itemId", "Only acceptable use policies are signed");
            return null;
        }

        string version = draft.Version?.Trim() ?? aup.Aup.Version;
        if (version != aup.Aup.Version)
        {
            errors.Add("version", "Only the current version (" + aup.Aup.Version + ") can be signed");
        }

        Text(draft.Signer, "signer", MaxShort, errors, "Say who signed");
        SignedBy by = draft.SignedBy ?? SignedBy.Self;
        if (by == SignedBy.Carer)
        {
            Text(draft.CarerName, "carerName", MaxShort, errors, "Give the name of the carer who signed");
        }

        return errors.Any ? null : new AupSignature(aup.AgencyId, aup.ItemId, version, draft.Signer!.Trim(), by, by == SignedBy.Carer ? draft.CarerName!.Trim() : null, now, recordedBy);
    }

    static T? Required<T>(T? value, string field, FieldErrors errors)
        where T : class
    {
        if (value is null)
        {
            errors.Add(field, "Give the " + field + " details for this kind of item");
        }

        return value;
    }

    static void Text(string? value, string field, int max, FieldErrors errors, string? missing = null)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, missing ?? "Enter the " + field);
        }
        else if (value.Length > max || value.Any(char.IsControl))
        {
            errors.Add(field, $"Use at most {max} characters, on one line");
        }
    }

    static void List(IReadOnlyList<string>? values, string field, FieldErrors errors)
    {
        if (values is not null && (values.Count > MaxList || values.Any(v => string.IsNullOrWhiteSpace(v) || v.Length > 1000)))
        {
            errors.Add(field, "Give at most 50 entries of 1 to 1000 characters each");
        }
    }

    static void NotFuture(DateOnly? date, string field, DateOnly today, FieldErrors errors)
    {
        if (date > today)
        {
            errors.Add(field, "The date cannot be in the future");
        }
    }

    static void Person(string? personId, string field, IReadOnlySet<string> agencyPeople, FieldErrors errors)
    {
        if (personId is null || !agencyPeople.Contains(personId))
        {
            errors.Add(field, "Choose a person in this agency");
        }
    }
}
