"""Claims: reported speech in its shapes, with kind, cue, source, hedge and quote links."""

from __future__ import annotations

from archive.extract.attribution import extract_attribution


def _claims(text: str):
    sources, quotes, claims = extract_attribution(text)
    names = {s.id: s.name for s in sources}
    return [(c, names.get(c.source) if c.source else None) for c in claims], quotes


def test_indirect_said_that() -> None:
    text = "Governor Mark Ellis said that the new tunnel would open in spring."
    [(c, who)], _ = _claims(text)
    assert c.kind == "indirect"
    assert who == "Mark Ellis"
    assert c.cue == "said"
    assert c.content == "that the new tunnel would open in spring"


def test_reported_by_agency() -> None:
    text = "The agency KNA reported that shells had hit a market in the old town."
    [(c, who)], _ = _claims(text)
    assert who == "KNA"
    assert c.content.startswith("that shells had hit a market")


def test_according_to_leading_and_trailing() -> None:
    lead = "According to the Red Crescent, 14 ambulances were damaged."
    trail = "Fourteen ambulances were damaged, according to the Red Crescent."
    [(c1, w1)], _ = _claims(lead)
    [(c2, w2)], _ = _claims(trail)
    assert c1.cue == c2.cue == "according to"
    assert w1 == w2 == "Red Crescent"
    assert c1.content == "14 ambulances were damaged"
    assert c2.content == "Fourteen ambulances were damaged"


def test_direct_claim_points_to_its_quote() -> None:
    text = "“The reactor is stable and there is no leak,” plant director Ivo Petrov said."
    [(c, who)], quotes = _claims(text)
    assert c.kind == "direct"
    assert who == "Ivo Petrov"
    assert c.quote == 0 and quotes[0].text.startswith("The reactor is stable")


def test_mixed_claim() -> None:
    text = "Petrov said the reactor was “stable and fully under control” after the fire."
    [(c, who)], _ = _claims(text)
    assert c.kind == "mixed"
    assert who == "Petrov"


def test_hedges() -> None:
    for verb, hedge in (("claimed", "claimed"), ("denied", "denied"), ("believes", "believes")):
        text = f"Mayor Tom Reyes {verb} that the budget was balanced."
        [(c, _)], _ = _claims(text)
        assert c.hedge == hedge, verb
    text = "The minister reportedly resigned on Tuesday."
    claims, _ = _claims(text)
    assert any(c.hedge == "reportedly" and c.source is None for c, _ in claims)


def test_unnamed_sources() -> None:
    claims, _ = _claims("It was reported that the border crossing had reopened.")
    assert claims[0][0].source is None
    assert claims[0][0].content.startswith("that the border crossing")
    # a described group is a source of its own (issue 18: a name or a described source)
    claims, _ = _claims("Officials said the road would stay closed.")
    assert claims[0][1] == "Officials"
    claims, _ = _claims("Most said the road would stay closed.")
    assert claims[0][0].source is None  # a bare quantifier describes no one


def test_pronoun_source_in_claim() -> None:
    text = (
        "Senator Joan Whitaker toured the plant on Monday. "
        "She said the factory would keep all 300 jobs."
    )
    claims, _ = _claims(text)
    c, who = claims[-1]
    assert who == "Joan Whitaker"
    assert c.quantities[0].value == 300


def test_continued_quote_merges_into_one_claim() -> None:
    text = "“We are not leaving,” union leader Sam Ortega said. “Not until the contract is signed.”"
    claims, quotes = _claims(text)
    assert len(quotes) == 2
    assert len(claims) == 1
    assert claims[0][0].end == len(text)


def test_claim_quantities() -> None:
    text = "The ministry said at least 12 soldiers and over 3,000 civilians were wounded."
    [(c, _)], _ = _claims(text)
    assert [(q.value, q.unit, q.qualifier) for q in c.quantities] == [
        (12, "soldiers", "at least"),
        (3000, "civilians", "over"),
    ]


def test_content_ends_at_a_participle_of_saying() -> None:
    text = (
        "Mayor Ana Ruiz said the bridge would reopen in May, adding that tolls would stay the same."
    )
    claims, _ = _claims(text)
    contents = {c.content: (who, c.cue) for c, who in claims}
    assert contents["the bridge would reopen in May"] == ("Ana Ruiz", "said")
    assert contents["that tolls would stay the same"] == ("Ana Ruiz", "adding")


def test_content_ends_at_a_coordinated_reporting_verb() -> None:
    text = (
        "The finance minister said the budget was balanced and denied that taxes would rise "
        "next year."
    )
    claims, _ = _claims(text)
    assert [(c.content, c.cue) for c, _ in claims] == [
        ("the budget was balanced", "said"),
        ("that taxes would rise next year", "denied"),
    ]


def test_coordinated_verb_of_the_content_is_not_a_cue() -> None:
    text = "The agency reported an outbreak that spread quickly and claimed the lives of 40 people."
    claims, _ = _claims(text)
    assert claims[0][0].content.endswith("claimed the lives of 40 people")


def test_content_ends_at_a_contrast_or_relative_clause() -> None:
    text = "Mayor Ines Kahn said the ferry would run all winter, but engineers doubt the schedule."
    [(c, who)], _ = _claims(text)
    assert who == "Ines Kahn"
    assert c.content == "the ferry would run all winter"
    text = "Paolo Greco said the levy was fair, which surprised his own party."
    [(c, _)], _ = _claims(text)
    assert c.content == "the levy was fair"


def test_quotation_after_relative_clause_stays_in_content() -> None:
    text = "Dana Price said the budget, which she called “a fantasy on paper,” would fail."
    claims, quotes = _claims(text)
    c, who = next((c, who) for c, who in claims if c.cue == "said")
    assert who == "Dana Price"
    assert c.content.endswith("would fail")
    assert quotes[0].source is not None


def test_second_reporting_clause_ends_the_first_content() -> None:
    text = (
        "The ministry said exports would fall this year, and nearly a third of traders said "
        "they would cut prices."
    )
    claims, _ = _claims(text)
    said = [c for c, _ in claims if c.cue == "said"]
    assert said[0].content == "exports would fall this year"


def test_participle_after_closing_quotation_ends_content() -> None:
    text = "Lena Ford said the deal was “the best we could get,” adding that talks would go on."
    claims, _ = _claims(text)
    said = [c for c, _ in claims if c.cue == "said"]
    assert said[0].content == "the deal was “the best we could get,”"


def test_records_show() -> None:
    text = "Campaign finance records show that the group raised $2 million in March."
    claims, _ = _claims(text)
    c = next(c for c, _ in claims if c.cue == "show")
    assert c.content == "that the group raised $2 million in March"


def test_declined_to() -> None:
    text = "The minister declined to say whether the plant would close."
    claims, _ = _claims(text)
    c, who = next((c, w) for c, w in claims if c.cue == "declined")
    assert c.content == "to say whether the plant would close"
    assert who is not None and "minister" in who


def test_raising_verbs_without_a_holder_are_no_claims() -> None:
    # an impression nobody is credited with, and no speech: not an attribution (issue 18)
    text = "After the meeting, the governor seemed to rule out a tax rise this year."
    assert [c for c, _ in _claims(text)[0] if c.cue == "seemed"] == []
    assert _claims("It appears that the vote will be delayed until June.")[0] == []


def test_appearance_is_not_a_claim() -> None:
    claims, _ = _claims("The mayor appeared on local television on Sunday night.")
    assert claims == []


def test_passive_expected_to_is_no_claim() -> None:
    text = "Senator Ruth Alvarez is expected to announce her bid on Monday."
    assert _claims(text)[0] == []


def test_referring_to_takes_the_noun_phrase() -> None:
    text = (
        "“It will pay for itself,” Mayor Hugo Brandt said, referring to the new stadium, "
        "which opens in May."
    )
    claims, _ = _claims(text)
    c, who = next((c, w) for c, w in claims if c.cue == "referring to")
    assert c.content == "the new stadium"
    assert who == "Hugo Brandt"


def test_belief_inside_a_reported_claim_is_part_of_it() -> None:
    text = "A spokesman said the minister believes the audit was a mistake."
    claims, _ = _claims(text)
    assert [c.cue for c, _ in claims] == ["said"]
    assert claims[0][0].content == "the minister believes the audit was a mistake"


def test_nested_speech_stays_a_claim_of_its_own() -> None:
    text = "The mayor said the governor told her the bridge would be rebuilt."
    claims, _ = _claims(text)
    assert sorted(c.cue for c, _ in claims) == ["said", "told"]


def test_according_to_any_noun_phrase() -> None:
    text = "Turnout rose by a fifth, according to a count by the county clerk's office."
    [(c, who)], _ = _claims(text)
    assert c.content == "Turnout rose by a fifth"
    assert who == "a count by the county clerk's office"


def test_subject_noun_phrase_with_modifiers() -> None:
    text = "A person familiar with the talks said the deal would be signed in May."
    [(c, who)], _ = _claims(text)
    assert who == "A person familiar with the talks"
    assert c.content == "the deal would be signed in May"
    text = "Six in 10 say the economy is their main worry."
    [(c, who)], _ = _claims(text)
    assert who == "Six in 10"


def test_title_case_headline_cue() -> None:
    text = "Mayor Lena Brooks Says The Bridge Will Reopen In May\n\nThe bridge closed in June."
    claims, _ = _claims(text)
    c, who = claims[0]
    assert who == "Lena Brooks" and c.content == "The Bridge Will Reopen In May"


def test_asked_whether_opens_an_unnamed_question() -> None:
    text = "Asked whether she would run again, Senator Mia Holt said she had not decided."
    claims, _ = _claims(text)
    asked = next((c, w) for c, w in claims if c.cue == "Asked")
    assert asked[1] is None and asked[0].content == "whether she would run again"
    assert any(c.cue == "said" and w == "Mia Holt" for c, w in claims)


def test_time_phrases_and_prepositions_are_not_subjects() -> None:
    text = "A few minutes later said the speaker, the hall was empty."
    claims, _ = _claims(text)
    assert all(w != "A few minutes later" for _, w in claims)
    text = "In a casual aside said little, but the crowd laughed."
    claims, _ = _claims(text)
    assert all(w is None or not w.startswith("In ") for _, w in claims)


def test_doubled_apostrophe_quotation_opens_a_new_sentence() -> None:
    # Archives that write '' for double quotes: the narrative sentence before the quotation
    # and the quoted one after it are two sentences, so the first claim stops at its period.
    text = (
        "Mayor Ruth Okafor said she would not raise the transit fare this year. "
        "''Riders have carried enough of this budget,'' she added."
    )
    claims, _ = _claims(text)
    first = next(c for c, _who in claims if c.cue == "said")
    assert first.content == "she would not raise the transit fare this year"
    assert any(c.cue == "added" and c.content.startswith("''Riders") for c, _who in claims)


def test_name_said_after_a_full_stop_quotation_opens_a_sentence() -> None:
    # '"... program." Ms. Lin said the budget ...': a frame with its own content is a new
    # sentence, not the trailing frame of the quotation before it.
    text = (
        "The agency described the plan in “The Harbor Program.” Ms. Lin said the budget "
        "would double by 2030."
    )
    claims, _ = _claims(text)
    said = next(c for c, _who in claims if c.cue == "said")
    assert said.content == "the budget would double by 2030"


def test_participle_after_a_number_is_an_adjective() -> None:
    text = "Health officials counted 312 confirmed cases in the county by Friday."
    claims, _ = _claims(text)
    assert claims == []


def test_found_itself_reports_no_finding() -> None:
    text = "The state utility found itself at the center of the island's debt crisis."
    claims, _ = _claims(text)
    assert claims == []


def test_the_latest_heading_is_not_a_speaker() -> None:
    text = "The Latest: Senate passes the flood relief bill\n\nThe vote was 71 to 28."
    claims, _ = _claims(text)
    assert claims == []


def test_content_ends_at_any_coordinated_cue_verb() -> None:
    text = "Mayor Ellis said the levy was fair but agreed that its rollout had been rushed."
    claims, _ = _claims(text)
    said = next(c for c, _who in claims if c.cue == "said")
    assert said.content == "the levy was fair"


def test_content_ends_at_a_dash_before_a_participle_of_saying() -> None:
    text = "Ellis denounced the county's new budget — saying it would close two libraries."
    claims, _ = _claims(text)
    denounced = next(c for c, _who in claims if c.cue == "denounced")
    assert denounced.content == "the county's new budget"


def test_told_listener_and_setting_run_to_that() -> None:
    text = "Senator Joe Mills told The Ledger newspaper of Tampa on Friday that he would vote no."
    [(c, who)], _ = _claims(text)
    assert who == "Joe Mills"
    assert c.content == "that he would vote no"


def test_trailing_frame_with_only_a_setting() -> None:
    # After the cue only a time or place follows: the content is the clause before the subject.
    text = "The new bridge will carry 40,000 cars a day by spring, the ministry said on Friday."
    [(c, _)], _ = _claims(text)
    assert c.content == "The new bridge will carry 40,000 cars a day by spring"
    text = (
        "The plant is safe and will reopen soon, Mayor Lena Ortiz said Tuesday in Denver, "
        "adding that inspectors had left."
    )
    claims, _ = _claims(text)
    assert claims[0][0].content == "The plant is safe and will reopen soon"
    assert claims[0][1] == "Lena Ortiz"


def test_subject_with_unread_modifier_before_comma() -> None:
    # "Name of Org in Place, said he ...": "he" opens the content; the sentence subject speaks.
    text = "Tom Baker of the Riverside Farmers Union in Ames, said he had called every member."
    [(c, who)], _ = _claims(text)
    assert who == "Tom Baker"
    assert c.content == "he had called every member"
    text = "Rep. Ann Cole (D-Md.), chair of the transit panel, said that fares would stay flat."
    [(c, who)], _ = _claims(text)
    assert who == "Ann Cole"
    assert c.content == "that fares would stay flat"


def test_possessive_subject_of_plain_speech() -> None:
    text = "The singer had planned a tour of Brazil before the accident, his manager said."
    [(c, who)], _ = _claims(text)
    assert c.content == "The singer had planned a tour of Brazil before the accident"
    assert who is not None and "manager" in who


def test_inverted_name_after_comma_wins_over_relative_clause() -> None:
    text = (
        "The mayor has few friends left on the council, whom she angered with the budget, "
        "said Ruth Klein, a professor of politics at Ohio State."
    )
    [(c, who)], _ = _claims(text)
    assert who == "Ruth Klein"
    assert c.content.startswith("The mayor has few friends left on the council")
    # a listener after "told" is not an inverted source
    text = "“We will win,” Ortiz, 58, told Reuters."
    [(c, who)], _ = _claims(text)
    assert who == "Ortiz"


def test_participle_after_trailing_frame() -> None:
    # "C, X said, adding ...": the content is before the frame, and "adding" is X's too.
    text = (
        "The talks will resume next week, Mayor Dan Price said, adding that both sides were tired."
    )
    claims, _ = _claims(text)
    assert [(c.cue, c.content, who) for c, who in claims] == [
        ("said", "The talks will resume next week", "Dan Price"),
        ("adding", "that both sides were tired", "Dan Price"),
    ]
    text = "Mayor Dan Price toured the yard. Sales were strong, he said, wiping his face."
    claims, _ = _claims(text)
    assert claims[0][0].content == "Sales were strong"


def test_second_verb_of_a_long_clause_subject() -> None:
    text = (
        "At the hearing, Senator Maria Lopez rejected the claim that the new rules would cost "
        "the state thousands of jobs over the next decade and said the plant would stay open."
    )
    claims, _ = _claims(text)
    said = [(c, who) for c, who in claims if c.cue == "said"]
    assert said and said[0][1] == "Maria Lopez"
    assert said[0][0].content == "the plant would stay open"


def test_dashed_aside_between_subject_and_cue() -> None:
    text = "Mayor Jo Hart — who faces a recall vote in May — said the budget was balanced."
    [(c, who)], _ = _claims(text)
    assert who == "Jo Hart"
    assert c.content == "the budget was balanced"


def test_cue_words_in_markup_and_compounds_are_no_cues() -> None:
    text = 'Senator Ray Dunn answered his critics online.\n\n<tweet tweet-id="12345"><tweet/>\n'
    claims, _ = _claims(text)
    assert all(c.cue != "tweet" for c, _ in claims)
    text = "The so-called reform plan passed the state senate on Tuesday."
    claims, _ = _claims(text)
    assert claims == []


def test_doubled_consonant_forms_are_cues() -> None:
    for verb in ("admitted", "quipped", "slammed"):
        text = f"Mayor Ann Bell {verb} that the count had been wrong from the start."
        claims, _ = _claims(text)
        assert [(c.cue, who) for c, who in claims] == [(verb, "Ann Bell")], verb


def test_stance_phrases_are_cues() -> None:
    cases = (
        ("Senator Ivy Moss called for", "a full audit of the port authority"),
        ("Senator Ivy Moss talked about", "her plan to rebuild the port"),
        ("Senator Ivy Moss expressed", "concern that the port would close"),
    )
    for frame, content in cases:
        [(c, who)], _ = _claims(f"{frame} {content}.")
        assert who == "Ivy Moss", frame
        assert c.content.endswith(content.split(" ", 1)[1]), frame


def test_cue_forms_that_are_mostly_nouns() -> None:
    for text in (
        "Senator Dale Rusk deleted thousands of emails from the office server last year.",
        "Governor Kim Ortega won the Super Tuesday contests in three southern states.",
    ):
        claims, _ = _claims(text)
        assert claims == [], text


def test_according_to_source_with_modifier_does_not_extend_content() -> None:
    text = (
        "The tower was sold for $90 million, according to a lawsuit filed in Manhattan last week."
    )
    [(c, _)], _ = _claims(text)
    assert c.content == "The tower was sold for $90 million"


def test_question_put_to_the_subject() -> None:
    text = "“We will see,” Mayor Rosa Diaz said when asked about the stadium deal."
    claims, _ = _claims(text)
    asked = [(c, who) for c, who in claims if c.cue == "asked"]
    assert [(c.content, who) for c, who in asked] == [("about the stadium deal", None)]
    text = "Diaz was asked by host Tom Reed whether she would run again."
    claims, _ = _claims(text)
    assert [(c.content, who) for c, who in claims] == [("whether she would run again", "Tom Reed")]


def test_sentence_opening_with_its_survey() -> None:
    text = "In a Marist poll released Tuesday, 48 percent of voters backed the transit tax."
    [(c, who)], _ = _claims(text)
    assert c.content == "48 percent of voters backed the transit tax"
    assert who is not None and "Marist poll" in who


def test_headline_speaker_with_addressee() -> None:
    text = "Warren to Wall Street: The bailouts are over.\n\nBOSTON (AP) — The senator spoke."
    claims, _ = _claims(text)
    assert [(c.cue, c.content, who) for c, who in claims][:1] == [
        (":", "The bailouts are over", "Warren")
    ]


def test_fronted_phrase_with_programme_title() -> None:
    text = "On Sunday's broadcast of “Face the Nation,” Senator Ray Cole said the deal was dead."
    [(c, who)], _ = _claims(text)
    assert who == "Ray Cole"
    assert c.content == "the deal was dead"


def test_frame_with_only_a_setting_after_the_cue() -> None:
    # "X said on Monday." closing a short report: the content is the sentence before.
    text = "The council will approve the new budget. Mayor Ann Lee said on Monday."
    [(c, who)], _ = _claims(text)
    assert who == "Ann Lee"
    assert c.content == "The council will approve the new budget"


def test_trailing_told_with_listener_and_day() -> None:
    text = "The plant will hire 300 workers, Governor Ann Price told a Senate panel Wednesday."
    [(c, who)], _ = _claims(text)
    assert who == "Ann Price"
    assert c.content == "The plant will hire 300 workers"


def test_verbs_of_regarding() -> None:
    for verb in ("sees", "views"):
        text = f"Senator Joan Pike {verb} the pipeline deal as a betrayal of the valley."
        [(c, who)], _ = _claims(text)
        assert (c.cue, who) == (verb, "Joan Pike"), verb
        assert c.content == "the pipeline deal as a betrayal of the valley"


def test_comparing_requesting_assailing_cues() -> None:
    cases = (
        ("compared", "the transit levy to a tax on the poor"),
        ("requested", "a recount in all four counties"),
        ("assailed", "the court ruling as lawless"),
    )
    for verb, content in cases:
        [(c, who)], _ = _claims(f"Senator Joan Pike {verb} {content}.")
        assert (c.cue, who, c.content) == (verb, "Joan Pike", content), verb


def test_adjunct_after_comma_ends_the_content() -> None:
    text = "Mayor Ann Lee said the tunnel would open in May, despite months of delays at the site."
    [(c, _)], _ = _claims(text)
    assert c.content == "the tunnel would open in May"


def test_next_event_of_the_narrative_ends_the_content() -> None:
    text = "Mayor Ann Lee said the budget was balanced, and she vowed to veto any new tax."
    claims, _ = _claims(text)
    said = [c for c, _ in claims if c.cue == "said"]
    assert said[0].content == "the budget was balanced"


def test_frame_put_first_with_said() -> None:
    text = "Economist Mark Ellis studied the plan. Said Ellis: “It is a mess of new loopholes.”"
    claims, _ = _claims(text)
    assert [(c.cue, c.content, who) for c, who in claims] == [
        ("Said", "“It is a mess of new loopholes.”", "Mark Ellis")
    ]


def test_epigraph_signed_after_dash() -> None:
    # A quotation on a line of its own, signed after a dash: quote boxes and fact-checks.
    text = (
        "What the candidates said this week.\n\n"
        "“We have cut taxes for every working family in this state.” ― Gov. Mark Ellison, "
        "campaign rally, March 3\n"
        "“Nobody who has coverage today will lose it.”\u00a0— Sen. Ruth Adams.\n\n"
        "Both claims are misleading, our review found."
    )
    got, quotes = _claims(text)
    signed = [(c.content, who) for c, who in got if c.cue in ("―", "—")]
    assert signed == [
        ("“We have cut taxes for every working family in this state.”", "Mark Ellison"),
        ("“Nobody who has coverage today will lose it.”", "Ruth Adams"),
    ]
    assert len(quotes) == 2 and all(q.source for q in quotes)


def test_dash_after_quotation_in_prose_is_no_signature() -> None:
    # A dash after a quotation inside a sentence sets off an aside, not a signature.
    text = (
        "The mayor called the plan “a bad deal for every worker in town” — Ellison disagreed.\n"
        "“We will not back down” — and the crowd outside City Hall roared its approval."
    )
    got, _ = _claims(text)
    assert not [c for c, _ in got if c.cue in ("―", "—")]


def test_straight_quotation_after_no_break_space_continues_claim() -> None:
    # Web copy often sets a no-break space between sentences; the straight mark after it
    # still opens the speaker's next quotation.
    text = (
        "The mayor said tenants often take landlords to court.\n"
        '"They sue," he said.\u00a0"Everybody sues, and the city pays for it."'
    )
    got, quotes = _claims(text)
    assert [q.text for q in quotes] == ["They sue,", "Everybody sues, and the city pays for it."]
    assert any(c.content.endswith('the city pays for it."') for c, _ in got)


def test_closing_indefinite_apposition_is_the_writers_gloss() -> None:
    # The writer glosses a name for the reader after the reported words.
    text = "Ms. Ortiz vowed to repeal the Hyde Amendment, a federal rule on abortion funding."
    [(c, who)], _ = _claims(text)
    assert who == "Ortiz"
    assert c.content == "to repeal the Hyde Amendment"
    # An apposition with a clause of its own stays.
    text = "Mr. Lee pledged $15 million to Forward Ohio, a fund he set up with labor unions."
    [(c, _)], _ = _claims(text)
    assert c.content.endswith("a fund he set up with labor unions")


def test_according_to_source_apposition_is_not_content() -> None:
    # a relative clause on the source, or a participle on the event, is the writer's aside
    for tail in (
        "the Transit Alliance, which tracks the city's fare data.",
        "city data, prompting calls for a review of the schedule.",
    ):
        text = f"Ridership on the new tram line fell by a third, according to {tail}"
        found, _ = _claims(text)
        [c] = [c for c, _ in found if c.cue == "according to"]
        assert c.content == "Ridership on the new tram line fell by a third"


def test_stance_verb_with_one_name_as_object() -> None:
    text = "Late on Tuesday, Governor Nora Castell endorsed Whitfield."
    found, _ = _claims(text)
    [(c, who)] = found
    assert (c.cue, c.content, who) == ("endorsed", "Whitfield", "Nora Castell")


def test_stance_object_ends_before_next_predicate() -> None:
    text = (
        "Mayor Ines Calder praised the new transit levy and highlighted her plans "
        "to extend the tram line."
    )
    found, _ = _claims(text)
    [c] = [c for c, _ in found if c.cue == "praised"]
    assert c.content == "the new transit levy"


def test_content_ends_before_and_with_new_subject() -> None:
    text = (
        "Mayor Dana Ortiz said the new contract shortchanges night crews, and they will "
        "vote on it next week."
    )
    found, _ = _claims(text)
    [c] = [c for c, _ in found if c.cue == "said"]
    assert c.content == "the new contract shortchanges night crews"


def test_title_in_quotation_marks_is_not_a_claim() -> None:
    text = (
        "Ortiz: I’m Confident Voters Will Say No to the Levy.\n\n"
        "Sunday on WKRN’s “City Desk with Ann Lowe,” when asked about the levy, "
        "Mayor Dana Ortiz said she expected that voters will say “no” to the plan.\n"
    )
    found, _ = _claims(text)
    assert not any("City Desk" in c.content for c, _ in found)
    assert any(c.content.startswith("that voters will say") for c, _ in found)


def test_passive_participle_with_by_agent_is_not_a_claim() -> None:
    text = (
        "The contractor is not licensed to build in the county \u2014 a fact first reported "
        "by the Daily Ledger."
    )
    found, _ = _claims(text)
    assert not any(c.content.startswith("by ") for c, _ in found)


def _acts(text: str) -> list[tuple[str, str | None]]:
    return [(c.act, c.cue) for c, _ in _claims(text)[0]]


def test_act_say_for_speech_and_according_to() -> None:
    assert _acts("Mayor Jane Holt told reporters that the bridge would reopen on Monday.") == [
        ("say", "told")
    ]
    assert _acts("The bridge will reopen on Monday, according to Mayor Jane Holt.") == [
        ("say", "according to")
    ]


def test_act_think_for_beliefs_and_expectations() -> None:
    [(act, cue)] = _acts("Coach Dana Reyes believes the team can still make the playoffs.")
    assert (act, cue) == ("think", "believes")
    [(act, _)] = _acts("Economist Raj Patel expects interest rates to rise again in March.")
    assert act == "think"


def test_act_intend_for_plans() -> None:
    [(act, cue)] = _acts("Premier Lena Moss plans to table the budget before the summer break.")
    assert (act, cue) == ("intend", "plans")


def test_act_find_for_studies_and_data() -> None:
    [(act, _)] = _acts("A new study by the university found that commuters sleep less.")
    assert act == "find"
    [(act, _)] = _acts("Four in 10 households are behind on rent, according to government data.")
    assert act == "find"


def test_report_that_says_is_said_and_report_that_finds_is_found() -> None:
    [(said, _)] = _acts("The report said that the rail line needs new brakes before winter.")
    [(found, _)] = _acts("The report found that the rail line needs new brakes before winter.")
    assert (said, found) == ("say", "find")


def test_impression_or_passive_attitude_without_holder_is_no_claim() -> None:
    assert _acts("For young couples, money troubles may seem like a distant concern.") == []
    assert _acts("The striker is expected to return from injury next month.") == []
    # with a holder it is a claim (of thought, not speech)
    [(act, _)] = _acts("Coach Dana Reyes expects the striker to return next month.")
    assert act == "think"


def test_wire_section_label_is_no_speaker_but_a_transcript_name_is() -> None:
    market = (
        "Stocks rise\n\nShares rose on Tuesday.\n\n"
        "ENERGY: Benchmark crude oil fell 42 cents to $52.10 a barrel in New York.\n"
    )
    assert _acts(market) == []
    transcript = (
        "Debate transcript\n\nModerator Lester Holt opened the debate.\n\n"
        "HOLT: Good evening from the university, and welcome to the first debate.\n"
    )
    [(c, who)], _ = _claims(transcript)
    assert c.cue == ":" and who is not None and "Good evening" in c.content


def test_link_line_to_another_story_is_not_reporting() -> None:
    text = (
        "Budget talks\n\nThe minister spoke on Monday.\n\n"
        "READ MORE: Finance minister says budget will be balanced by 2040\n\n"
        "Mayor Jane Holt said the city would cut spending.\n"
    )
    assert [(c.cue, who) for c, who in _claims(text)[0]] == [("said", "Jane Holt")]


def test_cue_word_heading_a_noun_phrase_is_no_cue() -> None:
    assert _acts("The phone was sending a stronger signal near the base station.") == []
    assert _acts("Continuing demand for the brewer's beers lifted its sales.") == []


WIRE = (
    "Hockey notes\n\nBruce Hamilton spoke on Monday. \u201cWe will not comment on the lawsuit,"
    "\u201d said Rockets general manager Bruce Hamilton.\n\n"
    "\u201cThe deal is done,\u201d said Jane Smith, a spokesperson for Acme Corp. Smith said in "
    "a statement that the merger would close in May.\n\n"
    "Defenceman Seth Jones scored twice. \u201cIt felt like a garbage-time goal,\u201d said the "
    "22-year-old.\n\n"
    "The Globe and Mail reported the story first. \u201cWe stand by our reporting,\u201d the "
    "paper said.\n"
)


def test_speaker_patterns_of_canadian_british_and_wire_copy() -> None:
    sources, _, claims = extract_attribution(WIRE)
    by_id = {s.id: s for s in sources}
    who = [(by_id[c.source].name if c.source else None) for c in claims]
    assert who == [
        "Bruce Hamilton",  # said <organisation> <role> <name>
        "Jane Smith",  # "...," said Smith, a spokesperson for X.
        "Jane Smith",  # Smith said in a statement
        "Seth Jones",  # "the 22-year-old" refers back to the person last named
        "Globe and Mail",
        "Globe and Mail",  # "the paper" refers back to the outlet
    ]
    assert by_id[claims[0].source].roles == ["Rockets general manager"]
    assert by_id[claims[-1].source].kind == "media"


def test_place_and_role_before_a_name_are_the_role() -> None:
    text = (
        "Comics\n\n\u201cEvery publisher rejected me,\u201d says Cambridge cartoonist Andre "
        "Campbell, whose hero uses a wheelchair.\n"
    )
    sources, _, claims = extract_attribution(text)
    [src] = [s for s in sources if s.id == claims[0].source]
    assert (src.name, src.roles) == ("Andre Campbell", ["Cambridge cartoonist"])


def test_cue_noun_as_the_object_of_a_verb_is_no_cue() -> None:
    text = "The figures confounded hopes of a strong recovery in the second quarter."
    assert _acts(text) == []
    text = "Mr Blair on Sunday dismissed claims of broken promises on tuition fees."
    assert [cue for _, cue in _acts(text)] == ["dismissed"]


def test_time_will_tell_is_no_claim_and_a_headline_is_no_name() -> None:
    text = (
        "Talks\n\nBut will he find the right partner? Time will tell. \u201cI think the deal "
        "is good,\u201d he added.\n"
    )
    sources, _, claims = extract_attribution(text)
    assert [c.cue for c in claims] == ["added"]
    assert all("\n" not in s.name for s in sources)


def test_plural_cue_form_after_an_adjective_or_a_preposition_is_a_noun() -> None:
    text = (
        "Algeria suffered a weekend of violent protests against government plans to raise prices."
    )
    assert _acts(text) == []
