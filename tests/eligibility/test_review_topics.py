"""Items left for manual review are grouped by the topic their words name."""

from __future__ import annotations

import pytest

from eligibility.review_topics import REVIEW_TOPIC_TITLES, ReviewTopic, review_topic


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("Untreated brain metastases larger than 2 cm", ReviewTopic.CNS),
        ("Known HIV infection with CD4 < 200", ReviewTopic.INFECTIONS),
        ("Pregnant or breastfeeding women", ReviewTopic.REPRODUCTION),
        ("History of myocardial infarction within 6 months", ReviewTopic.CARDIAC),
        ("Total bilirubin ≤ 3 × ULN with Gilbert's syndrome", ReviewTopic.LABS),
        ("Prior anti-PD-1 therapy within 4 weeks", ReviewTopic.PRIOR_THERAPY),
        ("Histologically confirmed nasopharyngeal carcinoma", ReviewTopic.CANCER_TYPE),
        ("Able to swallow tablets", ReviewTopic.CONSENT),
        ("Known allergy to excipients", ReviewTopic.OTHER),
    ],
)
def test_the_words_of_an_item_name_its_topic(text: str, topic: ReviewTopic) -> None:
    assert review_topic(text) is topic


def test_every_topic_has_a_title() -> None:
    assert set(REVIEW_TOPIC_TITLES) == set(ReviewTopic)
