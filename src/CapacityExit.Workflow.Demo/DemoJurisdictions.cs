using CapacityExit.Workflow.Domain.Registry;

namespace CapacityExit.Workflow.Demo;

/// <summary>
/// The five seed jurisdictions (seeds 000–004) with their counties and districts, by administrative division
/// code, plus one development zone each (zones have no division code: ours end in "DZ").
/// </summary>
public static class DemoJurisdictions
{
    public sealed record City(string ProvinceCode, string ProvinceZh, string Code, string NameZh, string NameEn, string ProfileId, string[] Counties);

    public static readonly IReadOnlyList<City> Cities =
    [
        new("430000", "湖南省", "431000", "郴州市", "Chenzhou", "chenzhou-2017",
            ["431002 北湖区", "431003 苏仙区", "431021 桂阳县", "431022 宜章县", "431023 永兴县", "431024 嘉禾县",
             "431025 临武县", "431026 汝城县", "431027 桂东县", "431028 安仁县", "431081 资兴市", "431000DZ 郴州经济开发区"]),
        new("220000", "吉林省", "220100", "长春市", "Changchun", "changchun-2017",
            ["220102 南关区", "220103 宽城区", "220104 朝阳区", "220105 二道区", "220106 绿园区", "220112 双阳区",
             "220113 九台区", "220122 农安县", "220182 榆树市", "220183 德惠市", "220100DZ 长春经济技术开发区"]),
        new("410000", "河南省", "410100", "郑州市", "Zhengzhou", "henan-2021",
            ["410102 中原区", "410103 二七区", "410104 管城回族区", "410105 金水区", "410106 上街区", "410108 惠济区",
             "410122 中牟县", "410181 巩义市", "410182 荥阳市", "410183 新密市", "410184 新郑市", "410185 登封市",
             "410100DZ 郑州经济技术开发区"]),
        new("440000", "广东省", "440800", "湛江市", "Zhanjiang", "zhanjiang-2021",
            ["440802 赤坎区", "440803 霞山区", "440804 坡头区", "440811 麻章区", "440823 遂溪县", "440825 徐闻县",
             "440881 廉江市", "440882 雷州市", "440883 吴川市", "440800DZ 湛江经济技术开发区"]),
        new("330000", "浙江省", "330400", "嘉兴市", "Jiaxing", "jiaxing-2011",
            ["330402 南湖区", "330411 秀洲区", "330421 嘉善县", "330424 海盐县", "330481 海宁市", "330482 平湖市",
             "330483 桐乡市", "330400DZ 嘉兴经济技术开发区"]),
    ];

    public static (string Code, string NameZh, JurisdictionLevel Level) ParseCounty(string entry)
    {
        var space = entry.IndexOf(' ');
        var code = entry[..space];
        return (code, entry[(space + 1)..], code.EndsWith("DZ", StringComparison.Ordinal) ? JurisdictionLevel.DevelopmentZone : JurisdictionLevel.CountyDistrict);
    }
}
