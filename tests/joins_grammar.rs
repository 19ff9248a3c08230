//! broken-join at a word boundary: breaks judged by the grammar across the break (a localizer
//! that closes a phrase of the block before, a preposition or a modal left without its verb,
//! a list cut in the middle, adverbs that never open a sentence, a first clause of one
//! character), and headings, labels, captions and slogans that look like such breaks and must
//! stay silent. All copy here was written for these tests; none of it comes from the quality
//! harness's corpus.

#[path = "support/join_cases.rs"]
mod join_cases;
use join_cases::{
    assert_cuts_found_between_other_paragraphs, assert_each_cut_found, assert_headings_silent, run,
};
use newslint::document::SourceKind;
use newslint::{Applicability, Diagnostic, Settings, check_str};

/// One cut per case: the first half, the second half, and a fragment the message must hold.
const CUTS: &[(&str, &str, &str)] = &[
    // A localizer that closes a phrase of the first block opens the next.
    ("茶农们在困难", "面前从不退缩，一心把茶种好。", "方位词“面前”"),
    ("青溪镇自改革开放", "以来，茶园面积扩大了十倍。", "方位词“以来”"),
    ("镇里在推进乡村振兴", "中发挥了茶产业的带动作用。", "方位词“中”"),
    ("合作社在茶叶深加工", "上取得了新突破。", "方位词“上”"),
    // A preposition whose object waits for its verb.
    ("镇党委对茶产业", "高度重视，专门成立了领导小组。", "介词“对”"),
    ("老周把自家茶园", "交给了儿子打理。", "介词“把”"),
    ("这份报告关于茶叶价格", "作了详细分析。", "介词“关于”"),
    // The copula or a modal after a one-character word, and an enumerator with 要.
    ("茶是", "青溪人的命根子。", "虚词“是”"),
    ("镇里既是", "服务者，也是监督者。", "虚词“是”"),
    ("茶价越高，茶农越要", "守住品质。", "虚词“要”"),
    ("合作社还将", "建设一座茶叶加工厂。", "虚词“将”"),
    ("二是要", "拓展销售渠道，让青溪茶走出大山。", "虚词“要”"),
    ("一要", "稳住茶叶价格，保护茶农利益。", "虚词“要”"),
    // Verbs that need their place, receiver or class, and determiners that need their noun.
    ("镇里把茶产业列入", "十大重点产业，给予专项扶持。", "虚词“列入”"),
    ("老周想把茶园留给", "孙子，让茶香代代相传。", "虚词“留给”"),
    ("镇里今年出台了各项", "扶持政策，帮助茶农扩大生产。", "虚词“各项”"),
    // The adverbial 地 waiting for its verb.
    ("茶农们认真地", "挑拣每一片鲜叶。", "虚词“地”"),
    // Adverbs that refer back to a subject open the next block.
    ("青溪镇的茶农", "都有一手炒茶的好手艺。", "以“都”开头"),
    ("镇里的几家茶企", "均已通过有机茶认证。", "以“均”开头"),
    ("老周年过六十", "却仍然每天上山采茶。", "以“却”开头"),
    // A clause of a modal and adverbs or verbs only: the object must follow.
    ("要继续严格", "执行茶叶收购价格公示制度。", "止于“严格”"),
    ("我们要继续坚持", "绿色发展理念，守护好青溪的山水。", "止于“坚持”"),
    ("三是要认真", "落实茶农补贴政策。", "止于“认真”"),
    // A list cut in the middle.
    (
        "青溪镇大力发展茶叶加工、乡村",
        "旅游、电子商务等产业。",
        "顿号列举",
    ),
    ("镇里要改善交通条件、提升", "服务水平，吸引更多游客。", "顿号列举"),
    // A first clause of one character.
    ("镇里要把茶产业做大做", "强，带动更多茶农增收。", "一个字“强”"),
    // A first block that opens with a connective is running prose, not a heading.
    ("但是，青溪茶的品牌", "知名度还不高，销路有待拓展。", "句子未完"),
];

#[test]
fn grammatical_cuts_are_found() {
    for d in assert_each_cut_found(CUTS) {
        // None of these is a split word: joining is left to a human.
        let fix = d.fix.as_ref().expect("has a fix");
        assert_eq!(fix.applicability, Applicability::Unsafe, "{d:?}");
    }
}

#[test]
fn grammatical_cuts_between_other_paragraphs() {
    assert_cuts_found_between_other_paragraphs(CUTS);
}

#[test]
fn english_messages_name_the_evidence() {
    let s = Settings {
        lang: newslint::Lang::En,
        ..Default::default()
    };
    let cases = [
        (
            "茶农们在困难",
            "面前从不退缩。",
            "starts with the localizer “面前”",
        ),
        ("镇党委对茶产业", "高度重视。", "the preposition “对”"),
        ("要继续严格", "执行收购价格公示制度。", "stops at “严格”"),
        ("镇里要改善交通条件、提升", "服务水平。", "a list of items"),
        (
            "镇里要把茶产业做大做",
            "强，带动茶农增收。",
            "the single character “强”",
        ),
    ];
    for (a, b, why) in cases {
        let t = format!("{a}\n\n{b}\n");
        let d: Vec<Diagnostic> = check_str(&t, SourceKind::Plain, &s)
            .into_iter()
            .filter(|d| d.rule == "broken-join")
            .collect();
        assert_eq!(d.len(), 1, "{t}");
        assert!(d[0].message.contains(why), "{}", d[0].message);
    }
}

/// Headings, labels, captions, list items and slogans that end without a stop, written in the
/// shape of Chinese news pages. Many are traps for the evidence above: headlines that end in a
/// verb and 了 or a modal and a verb, prepositional headlines, a verb used as 把 (严把质量关),
/// a match (中国女排对巴西女排), noun phrases with a 对 phrase inside, balanced lists, the noun
/// 地, connectives that do open feature headlines, and headings that end in a localizer or a
/// number.
const HEADINGS: &str = "
夺冠了
中国女排夺冠了
春天来了
我们做到了
他们赢了
老街变美了
青溪茶叶火了
村里的路通了
我们毕业了
青溪镇脱贫了
大桥合龙了
茶农的腰包鼓起来了
我们要发展
我们要团结
我们要奋斗
中国要发展
制度要完善
责任要落实
改革要深化
民生要改善
安全生产要抓好
文物要保护好
好政策要落地
家风要传承
短板要补齐
态度要积极
作风建设永远在路上
要奋斗
必须坚持
要注意
需要注意
大家要注意
发展为了人民
改革仍需深化
在希望的田野上
在新的赶考路上
一起向未来
携手向未来
青春向党
一路向北
为了人民
一切为了人民
一切为了孩子
关于我们
关于进一步加强耕地保护的决定
习近平关于三农工作论述摘编
人民对美好生活的向往
党对军队的绝对领导
党对一切工作的领导
中国女排对巴西女排
严把质量关
严把入口关
把牢正确方向
对标一流
被需要的幸福
从荒山到茶园
从“有没有”到“好不好”
与时代同行
和祖国在一起
我在现场
青春在基层
心在一起
总书记在我们身边
幸福在哪里
梦想从这里起航
以学铸魂
为青春喝彩
让青溪茶走向世界
将改革进行到底
由“输血”到“造血”
中美关系
两岸关系
今日青溪
我们这十年
老周的茶园
一个老党员的心愿
新时代的奋斗者
青溪镇的春与秋
家门口的幸福
五、全面推进乡村振兴
（三）持续改善民生
一要稳住农业基本盘
二要加快转变发展方式
一是坚持党的全面领导
首先，要坚持稳中求进
其次，要深化改革开放
第一，稳住茶叶价格
附：相关政策
3月5日，青溪镇茶农在采摘春茶
这是5月20日在青溪镇拍摄的茶园
游客在青溪古镇游览
青溪镇茶农在炒制春茶（资料照片）
本报记者 周晓梅 摄
记者 陈晓东 通讯员 王丽
山更绿了，水更清了
走好新时代长征路，奋力谱写新篇章
青溪镇：一片茶叶富了一方百姓
专家：今年春茶价格总体平稳
视频｜航拍青溪镇万亩茶园
外交部：欢迎各国朋友来华旅游
习近平的初心，人民的期待
小茶叶，大产业
十年，我们一起走过
今天，我们怎样做父亲
为什么是中国，为什么是现在
守住耕地红线，端牢中国饭碗
以学促干，以干促学
党建引领，产业兴旺
要致富，先修路
要团结，不要分裂
其实，幸福很简单
原来，这才是青溪茶的秘密
当然，我们也要看到困难
这个春节，我们在岗位上
稳就业、保民生、促发展
学思想、强党性、重实践、建新功
创新、协调、绿色、开放、共享
富强、民主、文明、和谐
深化改革、扩大开放
调结构、促转型
国家发展改革委、央行
财政部、税务总局
文化、旅游
春种一粒粟，秋收万颗子
千里之行，始于足下
路漫漫其修远兮，吾将上下而求索
脚踏实地
一块地
种好这片地
承包地
数读2024
二〇二四
青溪镇茶园面积达1.2万亩
全镇游客人数突破30万
孩子们放暑假了
新学期开学了
高铁开进大山了
家门口就能看病了
粮食又丰收了
乡村要振兴
教育要公平
青山要守住
问题要解决
初心不能忘
使命必须担
为了明天
以文化人
以人民为中心
给孩子们一个美好的童年
让每个人都有出彩的机会
自古英雄出少年
当前经济形势
党的二十大报告
总书记的一天
三代人的守候
两会上的青溪声音
中国共产党人的精神谱系
全过程人民民主
第二部分 重点任务
第三章 保障措施
最后，要加强组织领导
一季度
上半年
快讯：青溪镇获评全国文明村镇
国家统计局：前三季度国民经济恢复向好
两会时间｜代表委员热议乡村振兴
春耕正当时，农事备耕忙
一条路，一座城
这一年，我们这样走过
科技创新，人才先行
谁知盘中餐，粒粒皆辛苦
不积跬步，无以至千里
";

/// Paragraphs that may follow a heading. Several open with what the evidence above looks for
/// elsewhere: a localizer inside a word (上周, 下一步, 之后 and 期间 as sentence openers), a topic
/// noun phrase and a comma, a list, a one-character reply, a year, a one-character word before a
/// number (前5个月), and words that begin with an adverb that never opens a sentence on its own
/// (都市, 并购, 便民, 均衡, 亦庄). Known gap, left out: a reply such as 好， after a
/// headline that ends in a one-character word with a comma before it (以干促学 / 好，……) still
/// reads as a split word (学|好), as the cut 把本领学 / 好，…… would.
const PARAGRAPHS: &[&str] = &[
    "之后，他又回到青溪镇，一干就是十年。",
    "期间，双方还就共同关心的问题交换了意见。",
    "上周，镇里召开了茶产业发展大会。",
    "前5个月，全镇茶叶销售额同比增长三成。",
    "中方愿同各方一道，推动两国关系健康稳定发展。",
    "内蒙古自治区今年粮食产量再创新高。",
    "要把群众的事办好、办实。",
    "一定要把好事办好。",
    "以县城为重要载体的新型城镇化建设正在推进。",
    "对此，镇党委书记表示，将继续做好服务工作。",
    "把论文写在大地上，是老周一生的追求。",
    "在青溪镇，茶叶是农民增收的主要来源。",
    "老周今年六十岁，种了一辈子茶。",
    "近年来，青溪镇大力发展茶产业。",
    "2023年，全镇茶叶产量突破一万吨。",
    "2024年，全市地区生产总值同比增长5.2%。",
    "同志们，我们的事业正在蓬勃发展。",
    "当前，我国经济发展面临新的机遇和挑战。",
    "不久前，镇里新建了一座茶文化展示馆。",
    "如何让茶农富起来？镇里给出了答案。",
    "各地农业农村部门，积极组织农民抢抓农时。",
    "中国特色社会主义，是改革开放以来党的全部理论和实践的主题。",
    "这个界线，一定要划分清楚。",
    "就业、民生、发展，是镇里今年工作的三个关键词。",
    "北京、上海、广州等地的游客纷纷来到青溪镇。",
    "稳就业、保民生、促发展是今年工作的重中之重。",
    "都市白领纷纷来到青溪镇体验采茶。",
    "并购重组让企业焕发新的活力。",
    "便民服务中心今年接待群众两万多人次。",
    "均衡发展是镇里教育工作的目标。",
    "亦庄经济开发区今年新增企业三百家。",
    "次日，代表团前往青溪镇考察。",
    "是，这是我们的责任。",
    "嗯，这个问题问得好。",
    "也有人认为，茶叶价格还会进一步上涨。",
    "据了解，今年以来，全镇已接待前来采茶、品茶的游客三万多人次。",
];

#[test]
fn headings_before_paragraphs_stay_silent() {
    let heads: Vec<&str> = HEADINGS.lines().filter(|l| !l.is_empty()).collect();
    assert!(heads.len() >= 150, "{}", heads.len());
    assert_headings_silent(&heads, PARAGRAPHS);
}

/// Regressions: word splits that a heading and the paragraph after it used to fake, each
/// named after what the window saw.
#[test]
fn a_year_that_opens_a_paragraph_is_not_the_rest_of_a_number() {
    assert!(run("数读2024\n\n2024年，全市地区生产总值同比增长5.2%。\n").is_empty());
    assert!(run("电话：010-12345678\n\n2023年，全镇茶叶产量突破一万吨。\n").is_empty());
    // A number cut in two is still found.
    assert_eq!(
        run("全镇茶叶总产值达到1\n\n2亿元，比上年增长百分之八。\n").len(),
        1
    );
}

#[test]
fn a_word_before_a_number_is_no_orphan() {
    for h in ["在希望的田野上", "向新而行", "调研行", "2024年3月5日"] {
        let t = format!("{h}\n\n前5个月，全镇茶叶销售额同比增长三成。\n");
        assert!(run(&t).is_empty(), "{t}");
    }
    // A bound character before a number is still an orphan: 非|洲.
    let t = "中方将在非\n\n洲100个乡村实施减贫示范项目。\n";
    assert_eq!(run(t).len(), 1);
}

#[test]
fn a_localizer_that_closes_a_zai_phrase_is_no_orphan() {
    for p in [
        "上周，镇里召开了茶产业发展大会。",
        "年味渐浓，青溪镇的大街小巷张灯结彩。",
    ] {
        let t = format!("在希望的田野上\n\n{p}\n");
        assert!(run(&t).is_empty(), "{t}");
    }
}
