using CapacityExit.Workflow.Core.Hosting;
using CapacityExit.Workflow.Core.Measures;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;

namespace CapacityExit.Workflow.Integration.Tests.Measures;

/// <summary>
/// The issuer of the joint-credit-punishment exchange file follows each profile's seed (workflows/measures/measures.yaml):
/// 000 §三.2 牵头单位：市经信委; 001 §四.(八) 市金融办牵头 (信用长春); 002 §三.(八) and 003 §四.(二) name no single lead, so the
/// city's leading-group office or coordination group issues it; 004 names no listing at all. Read from the shipped file.
/// </summary>
public sealed class CreditIssuerBySeedTests
{
    [Theory]
    [InlineData("chenzhou-2017", "郴州市经济和信息化委员会")]            // 000 §三.2
    [InlineData("changchun-2017", "长春市人民政府金融工作办公室")]        // 001 §四.(八)
    [InlineData("henan-2021", "郑州市淘汰落后产能工作领导小组办公室")]    // 002 §三.(八)
    [InlineData("zhanjiang-2021", "湛江市淘汰落后产能工作协调小组（市工业和信息化局）")] // 003 §四.(二)
    [InlineData("jiaxing-2011", "嘉兴市淘汰落后产能工作协调小组")]        // 004 §六.(一)
    public void The_exchange_files_issuer_is_the_lead_the_profiles_seed_names(string profile, string issuer)
    {
        var settings = MeasureSettings.Load(MeasureSettings.PathUnder(ProjectPaths.Workflows(RepoPaths.Root)),
            ["chenzhou-2017", "changchun-2017", "henan-2021", "zhanjiang-2021", "jiaxing-2011"]);
        Assert.Equal(issuer, settings.For(profile).CreditIssuer);
        Assert.NotEqual(settings.For(profile).PriceIssuer.Name, settings.For(profile).CreditIssuer); // not the 发改委 everywhere any more
    }
}
