using System.Reflection;
using Xunit.v3;

[assembly: CareHub.Browser.Tests.Accessibility.CheckVisitedPages]

namespace CareHub.Browser.Tests.Accessibility;

/// <summary>After each test, checks the pages it visited (<see cref="VisitedPages"/>) and fails the test naming each
/// page, width and violation.</summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class CheckVisitedPagesAttribute : BeforeAfterTestAttribute
{
    public override void After(MethodInfo methodUnderTest, IXunitTest test)
    {
        // xUnit's hook is synchronous; the checks run on the thread pool, away from the test's synchronization
        // context, so waiting for them cannot block their own continuations.
        var failures = Task.Run(() => VisitedPages.CheckAfterTestAsync(test.UniqueID)).GetAwaiter().GetResult();
        if (failures.Count > 0)
        {
            Assert.Fail($"Accessibility of the pages this test visited:\n{string.Join("\n", failures)}");
        }
    }
}
