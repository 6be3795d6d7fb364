using CapacityExit.Workflow.Domain.Workflows;

namespace CapacityExit.Workflow.Core.Workflows;

/// <summary>A case's workflow as read from PostgreSQL, with the profile it runs under.</summary>
public sealed record LoadedInstance(long CaseId, string ProfileId, WorkflowInstanceState State, bool Finished);
