"""Reading figures out of policy sentences (the basis of the figure checks)."""

from generator.numbers import chinese_to_int, numbers_in


def test_arabic_figures_and_ratios():
    assert {6.0, 90.0, 1.0, 0.9, 0.8, 0.7} <= numbers_in("提高到6万元以上,达到90%以上,按1:0.9 :0.8:0.7比例")
    assert 1000.0 in numbers_in("安排1,000万元")


def test_chinese_numerals_need_a_measure_word():
    assert 1.0 in numbers_in("今年至少发展一名党员")
    assert 3.0 in numbers_in("今后每三年进行一次")
    assert 1.0 not in numbers_in("进一步加强,统一打卡发放")
    assert 2012.0 in numbers_in("二〇一二年")


def test_chinese_to_int():
    assert [chinese_to_int(t) for t in ("十八", "一百二十", "五", "二〇一二")] == [18, 120, 5, 2012]
