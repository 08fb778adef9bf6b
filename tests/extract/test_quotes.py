"""Quotation marks and speakers: each pattern news uses, in sentences written for these tests."""

from __future__ import annotations

from archive.extract.attribution import extract_attribution
from archive.extract.quotes import find_quotations


def _speakers(text: str) -> dict[str, str | None]:
    """Opening words of each quote -> name of its source (None when unattributed)."""
    sources, quotes, _claims = extract_attribution(text)
    names = {s.id: s.name for s in sources}
    return {q.text[:20]: names.get(q.source) if q.source else None for q in quotes}


def _spans_ok(text: str) -> None:
    _sources, quotes, claims = extract_attribution(text)
    for q in quotes:
        assert text[q.start : q.end] == q.text
    for c in claims:
        assert text[c.start : c.end] == c.content


def test_curly_quote_with_trailing_said() -> None:
    text = "“The bridge will reopen on Monday after safety checks,” Mayor Ana Ruiz said."
    assert _speakers(text) == {"The bridge will reop": "Ana Ruiz"}
    _spans_ok(text)


def test_straight_quotes_and_inverted_said() -> None:
    text = '"We expect the vote to pass comfortably," said Tom Becker, a party whip.'
    sources, quotes, _ = extract_attribution(text)
    assert quotes[0].text == "We expect the vote to pass comfortably,"
    assert sources[0].name == "Tom Becker"
    assert "a party whip" in sources[0].roles


def test_quote_span_excludes_marks() -> None:
    text = "Officials said nothing. “Nobody was hurt in the blast,” Captain Lena Ortiz said."
    _, quotes, _ = extract_attribution(text)
    q = quotes[0]
    assert text[q.start - 1] == "“" and text[q.end] == "”"


def test_told_outlet() -> None:
    text = "“The talks collapsed over the border question,” Dmitri Volkov told Reuters."
    assert _speakers(text) == {"The talks collapsed ": "Dmitri Volkov"}


def test_explained_and_continuation_after_sentence_break() -> None:
    text = (
        "“Prices rose faster than wages for a third year,” economist Maria Lind explained. "
        "“Households feel that at the checkout every week.”"
    )
    assert _speakers(text) == {
        "Prices rose faster t": "Maria Lind",
        "Households feel that": "Maria Lind",
    }


def test_wrote_in_a_statement() -> None:
    text = (
        "Senator Paul Hendricks wrote in a statement: “This budget leaves rural hospitals "
        "without the money they were promised.”"
    )
    assert _speakers(text) == {"This budget leaves r": "Paul Hendricks"}


def test_statement_released_by_says() -> None:
    text = (
        "“The shipment was inspected twice before it left the port,” the statement, released "
        "by the Harbor Authority, says."
    )
    assert _speakers(text) == {"The shipment was ins": "Harbor Authority"}


def test_transcript_speaker_colon() -> None:
    text = "Interview transcript.\n\nMorales: We will not raise taxes on small farms this year."
    _, _, claims = extract_attribution(text)
    assert any(c.cue == ":" and c.content.startswith("We will not raise") for c in claims)


def test_pronoun_resolves_to_person_and_is_a_mention() -> None:
    text = (
        "Karen Doyle, the county health director, visited the clinic on Friday.\n\n"
        "“We have enough vaccine for every school in the district,” she said."
    )
    sources, quotes, _ = extract_attribution(text)
    src = next(s for s in sources if s.id == quotes[0].source)
    assert src.name == "Karen Doyle"
    she = text.index("she said")
    assert (she, she + 3) in [tuple(m) for m in src.mentions]


def test_nested_single_quotes_stay_inside() -> None:
    text = (
        "“They told us, ‘come back next week,’ and then the office closed for good,” "
        "tenant Omar Haddad said."
    )
    _, quotes, _ = extract_attribution(text)
    assert len(quotes) == 1
    assert "‘come back next week,’" in quotes[0].text


def test_guillemets() -> None:
    text = "«Nous ne céderons pas sur les retraites», a dit Premier Paul Martin. He said so."
    quotations = find_quotations(text)
    assert len(quotations) == 1
    assert text[quotations[0].start : quotations[0].end].startswith("Nous ne")


def test_multi_paragraph_quote_is_one_quote() -> None:
    text = (
        "Coach Dana Wells spoke after the match.\n\n"
        "“We were slow in the first half and paid for it.\n\n"
        "“In the second half we finally played our game,” Wells said."
    )
    sources, quotes, _ = extract_attribution(text)
    assert len(quotes) == 1
    assert quotes[0].text.startswith("We were slow")
    assert quotes[0].text.endswith("played our game,")
    assert next(s.name for s in sources if s.id == quotes[0].source) == "Dana Wells"


def test_unbalanced_mark_recovers_at_paragraph_boundary() -> None:
    text = (
        "The sign on the gate read “closed for repairs.\n\n"
        "The pool reopens in June, manager Rita Cole said. “We are ready for the summer,” "
        "she added."
    )
    quotations = find_quotations(text)
    assert [text[q.start : q.end] for q in quotations] == ["We are ready for the summer,"]


def test_scare_quotes_without_speaker_are_not_quotes() -> None:
    text = "The so-called “reform package” passed late at night with little debate."
    _, quotes, _ = extract_attribution(text)
    assert quotes == []


def test_doubled_apostrophes_feed_claims_but_not_quote_rows() -> None:
    text = "''We will appeal the ruling,'' said Laura Chen, the company's lawyer."
    _, quotes, claims = extract_attribution(text)
    assert quotes == []
    assert claims and claims[0].kind == "direct"


def test_participle_takes_the_clause_subject_not_an_object() -> None:
    text = (
        "Senator Ellen Park criticized the governor for his handling of the floods in Dayton, "
        "saying the state had been “caught unprepared by the storms.”"
    )
    assert _speakers(text) == {"caught unprepared by": "Ellen Park"}


def test_quotation_inside_a_clause_without_a_cue() -> None:
    text = (
        "Marta Silva, the union leader, ended her speech with a warning that workers "
        "“will not wait another year for a contract.”"
    )
    assert _speakers(text) == {"will not wait anothe": "Marta Silva"}


def test_definite_description_as_speaker() -> None:
    text = "“We expected a much closer race,” the veteran strategist told reporters."
    assert _speakers(text) == {"We expected a much c": "the veteran strategist"}


def test_apposition_with_a_possessive_owner() -> None:
    text = "“The numbers are solid this quarter,” Karen Holt, Moody’s chief economist, said."
    sources, _, _ = extract_attribution(text)
    assert _speakers(text) == {"The numbers are soli": "Karen Holt"}
    assert "Moody’s chief economist" in sources[0].roles


def test_outermost_reporting_speaker_owns_quoted_words() -> None:
    # the quoted words inside indirect speech are the reporting speaker's, quoted verbatim
    text = "Tom Clark said the mayor called the plan “a disaster for small business.”"
    assert _speakers(text) == {"a disaster for small": "Tom Clark"}


def test_quote_continues_with_the_frame_only_when_nothing_intervenes() -> None:
    text = (
        "“The league has never been stronger,” coach Dana Price said, as players left the "
        "field, while fans chanted “one more year” outside."
    )
    _, _, claims = extract_attribution(text)
    first = min(claims, key=lambda c: c.start)
    assert first.content == "“The league has never been stronger,”"


def test_curly_opening_closed_by_straight_mark() -> None:
    text = (
        '“The tunnel will stay shut until spring," engineer Paul Nadeau said. '
        "Traffic will move to the old bridge.\n\n"
        "Residents were told on Friday."
    )
    qs = find_quotations(text)
    assert len(qs) == 1
    assert text[qs[0].start : qs[0].end] == "The tunnel will stay shut until spring,"
    _, _, claims = extract_attribution(text)
    assert any(c.content.startswith("“The tunnel") and c.cue == "said" for c in claims)


def test_straight_pair_nested_in_curly_quotation() -> None:
    text = '“They called the audit "a formality" and moved on,” Rosa Vela said.'
    qs = find_quotations(text)
    assert len(qs) == 1
    assert text[qs[0].start : qs[0].end].endswith("moved on,")


def test_shot_back_and_points_out() -> None:
    text = (
        "“The plan is late and over budget,” Councillor Jana Moravec said.\n\n"
        "“It is neither,” Mayor Ruth Klein shot back.\n\n"
        "“The contract sets the dates,” she points out."
    )
    assert _speakers(text) == {
        "The plan is late and": "Jana Moravec",
        "It is neither,": "Ruth Klein",
        "The contract sets th": "Ruth Klein",
    }


def test_main_clause_frame_owns_the_quote_after_a_subordinate_clause() -> None:
    text = (
        "When the insurer signaled it would walk away from the deal, Nora Blake said, "
        "“we were stunned by the timing.”"
    )
    assert _speakers(text) == {"we were stunned by t": "Nora Blake"}


def test_pointed_to_frames_what_it_points_to() -> None:
    text = (
        "The senator pointed to reports that the mayor called the plan “a cruel joke” "
        "as evidence of the feud."
    )
    sources, quotes, claims = extract_attribution(text)
    assert any(c.cue == "pointed to" for c in claims)
    names = {s.id: s.name for s in sources}
    assert names[quotes[0].source] == "The senator"


def test_party_adjective_makes_claims_a_noun() -> None:
    text = "Fact-checkers rated 30 percent of Republican claims as false this year."
    _, _, claims = extract_attribution(text)
    assert not any(c.cue == "claims" for c in claims)


def test_issuer_of_a_statement_is_the_source_of_saying() -> None:
    text = (
        "On Friday, the Harbor Workers Union issued a statement saying the strike was "
        "“the only tool left to us.”"
    )
    assert _speakers(text) == {"the only tool left t": "Harbor Workers Union"}


def test_statement_after_a_preposition_is_not_the_subject() -> None:
    text = (
        "In a statement released Monday, Councilwoman Irene Dobbs answered the critics, "
        "saying: “Our budget is balanced and audited.”"
    )
    assert _speakers(text) == {"Our budget is balanc": "Irene Dobbs"}


def test_described_speaker_after_a_closing_quotation() -> None:
    text = (
        "Mayor Ana Ruiz said the city would appeal the ruling.\n\n"
        "“Nobody here believes the bridge is safe,” one commuter wrote on Facebook. "
        "“We drive it anyway.”\n\n"
        "“He never missed a shift in twenty years,” his brother said."
    )
    speakers = _speakers(text)
    assert speakers["Nobody here believes"] == "one commuter"
    assert speakers["We drive it anyway."] == "one commuter"
    assert speakers["He never missed a sh"] == "his brother"


def test_party_and_state_tag_after_a_name() -> None:
    text = (
        "Senators met behind closed doors on Tuesday.\n\n"
        "“We will not take this bill up before the recess,” Sen. Dana Whitcomb, R-Ohio, said. "
        "“The votes are not there.”"
    )
    speakers = _speakers(text)
    assert speakers["We will not take thi"] == "Dana Whitcomb"
    assert speakers["The votes are not th"] == "Dana Whitcomb"


def test_inverted_cue_takes_any_noun_phrase_after_it() -> None:
    text = (
        "Governor Paul Ames spoke for an hour.\n\n"
        "“He kept the room waiting for the applause line,” said a 2012 campaign veteran. "
        "“It never came.”"
    )
    speakers = _speakers(text)
    assert speakers["He kept the room wai"] == "a 2012 campaign veteran"


def test_fronted_time_and_place_phrases_are_not_the_subject_of_a_participle() -> None:
    text = (
        "Hours later, Carla Nunez returned the favor, telling reporters, “He is a good man.”\n\n"
        "Speaking at a diner in Keene, New Hampshire, Frank Ostrow went after his rival, "
        "calling him “a total fraud.”"
    )
    speakers = _speakers(text)
    assert speakers["He is a good man."] == "Carla Nunez"
    assert speakers["a total fraud."] == "Frank Ostrow"


def test_trailing_frame_with_any_verb_after_a_comma_quotation() -> None:
    text = (
        "The council debated the budget until midnight.\n\n"
        "“That is simply false,” an irritated Lena Marsh bristled. “Read the audit.”\n\n"
        "“Who pays for the overtime?” Omar Field went on, raising his voice."
    )
    speakers = _speakers(text)
    assert speakers["That is simply false"] == "Lena Marsh"
    assert speakers["Read the audit."] == "Lena Marsh"
    assert speakers["Who pays for the ove"] == "Omar Field"


def test_participle_after_a_coordinated_verb_phrase_takes_the_clause_subject() -> None:
    # ", and took ..., saying": the -ing clause and the verb before it share one subject; the
    # object before the comma ("his volunteers") is not an apposition renaming anybody.
    text = (
        "The Ohio governor thanked his volunteers, and shrugged off a heckler, saying the "
        "protester would “get a fair hearing” at the next town hall."
    )
    assert _speakers(text) == {"get a fair hearing": "The Ohio governor"}


def test_participle_after_an_adverb_between_commas_skips_the_object() -> None:
    # "called for releasing the reports, as well, saying": "as well" is no apposition, and the
    # reports are what was called for, not who said it.
    text = (
        "State Treasurer Dana Whitfield called Monday for releasing the state audit reports, "
        "as well, saying that openness “builds trust in every county office.”"
    )
    assert _speakers(text) == {"builds trust in ever": "Dana Whitfield"}


def test_parenthetical_after_a_clause_opening_subject_keeps_it() -> None:
    # "The union, in its weekly bulletin, emailed ...": a prepositional parenthetical after the
    # subject that opens the clause.
    text = (
        "The union, in its weekly bulletin Monday, emailed members a notice warning that "
        "“the contract talks have stalled again.”"
    )
    speaker = _speakers(text)["the contract talks h"]
    assert speaker is not None and "union" in speaker.lower()


def test_party_tag_between_name_and_apposition_after_a_quote() -> None:
    # '"...," Rep. X (R-Ohio), a committee member, said': the parenthesised party tag sits
    # between the name and its apposition.
    text = (
        "“The agency would never treat anyone else this way,” Rep. Dale Hutchins (R-Ohio), "
        "a member of the oversight panel, said in a phone interview."
    )
    assert _speakers(text) == {"The agency would nev": "Dale Hutchins"}


def test_side_remark_cue_after_a_frame_does_not_break_the_continuation() -> None:
    # '"A," X said, referring to a group called Y. "B."': "called" names the group; the next
    # sentence's quotation goes on with the speaker of the one before.
    text = (
        "“Two developers bought the lot and they are suing us right now,” Mayor Ruth Okafor "
        "said, referring to a company called Lakeview Partners. “So they clearly expect us "
        "to back down.”"
    )
    assert _speakers(text) == {
        "Two developers bough": "Ruth Okafor",
        "So they clearly expe": "Ruth Okafor",
    }


def test_fronted_when_clause_frame_yields_to_the_main_clause_speaker() -> None:
    # "When X noted that ... ― aside ― Y retorted, '...'": the quotation stands in the main
    # clause, though the "when" frame's content runs on past the dashes.
    text = (
        "The forum turned to pensions. When Mayor Alan Pruitt noted that the city had skipped "
        "its payments for years ― as an audit had shown in May ― Councilwoman Rosa Delgado "
        "retorted, “That was your budget, not mine.”"
    )
    assert _speakers(text) == {"That was your budget": "Rosa Delgado"}


def test_quotation_inside_a_fronted_after_clause_is_its_speakers() -> None:
    # 'After X said that ... "...," Y said: ...': the quotation is inside the "after" clause.
    text = (
        "The feud began in March. After Judge Helen Moss said that the county's new maps "
        "were drawn with “a heavy partisan hand,” Governor Tom Reyes said: “She is wrong "
        "about the law and wrong about the maps.”"
    )
    speakers = _speakers(text)
    assert speakers["a heavy partisan han"] == "Helen Moss"
    assert speakers["She is wrong about t"] == "Tom Reyes"


def test_relative_named_by_possessive_is_the_speaker() -> None:
    # "my father often said", "her husband said": a relative quoted in a feature story is a
    # source of their own, not the person cited before them
    text = (
        "Mayor Alan Pruitt grew up on a farm outside town. "
        "“Land is the only thing they are not making more of,” his father often said. "
        "“We will keep the farm,” her husband said at the hearing."
    )
    speakers = _speakers(text)
    assert speakers["Land is the only thi"] == "his father"
    assert speakers["We will keep the far"] == "her husband"


def test_publication_quoted_as_it_wrote() -> None:
    # a newspaper quoted at length is referred to as "it": '"...," it further wrote.'
    text = (
        "“The plant lost money for a decade,” the Dayton Times wrote on Sunday.\n\n"
        "“But since then, its fortunes have changed,” it further wrote."
    )
    sources, quotes, _ = extract_attribution(text)
    names = {s.id: s.name for s in sources}
    assert [names[q.source] for q in quotes if q.source] == ["Dayton Times", "Dayton Times"]
    assert quotes[1].cue == "wrote"  # framed by "it wrote", not only continuing the first
    paper = next(s for s in sources if s.name == "Dayton Times")
    assert any(text[a:b] == "it" for a, b in paper.mentions)


def test_possessed_claim_quotation_is_the_possessors() -> None:
    # "X checked Y's claim that '...'": the quoted words are the claim's owner's; a quotation
    # that judges the claim after its verb is the reporting subject's
    text = (
        "The Fact Desk looked into Senator Ana Ruiz’s claim that the county had “lost half its "
        "farms” in a decade. Governor Tom Reyes said that Ruiz’s claim that the county had "
        "shrunk every year since 1990 is “plainly wrong on the numbers.”"
    )
    speakers = _speakers(text)
    assert speakers["lost half its farms"] == "Ana Ruiz"
    assert speakers["plainly wrong on the"] == "Tom Reyes"


def test_document_participle_after_preposition_is_no_speaker() -> None:
    # "In a message posted Friday, X said ...", '"...," X said in a video posted by ...':
    # the -ed word describes a document that a preposition governs; the person speaks
    text = (
        "In a Facebook message posted Friday, Senator Ana Ruiz said she had “serious "
        "doubts about the plan” but would vote for it.\n\n"
        "“We owe the farmers an answer,” Governor Tom Reyes said in a video posted by his office."
    )
    speakers = _speakers(text)
    assert speakers["serious doubts about"] == "Ana Ruiz"
    assert speakers["We owe the farmers a"] == "Tom Reyes"


def test_named_persons_relative_is_a_source_of_their_own() -> None:
    # "Scott's family has called on police to ...", '"...," Ruiz's husband said': the relative
    # of a named person speaks, and is not that person
    text = (
        "Police Chief Dana Wells spoke on Monday. Scott’s family has called on police to "
        "release the videos “as a matter of the greater good and transparency.”\n\n"
        "“She never missed a council meeting,” Ana Ruiz’s husband said."
    )
    speakers = _speakers(text)
    assert speakers["as a matter of the g"] == "Scott’s family"
    assert speakers["She never missed a c"] == "Ana Ruiz’s husband"


def test_participle_after_a_quotation_shares_the_clause_subject() -> None:
    # '... a defense of "farm values," saying the county embodied the "..."': the comma that
    # closes the clause is inside the quotation; "saying" is the subject's, never inverted
    text = (
        "Governor Tom Reyes delivered a spirited defense of “farm country values,” saying the "
        "county embodied the “grit and decency of the whole state.”"
    )
    speakers = _speakers(text)
    assert speakers["grit and decency of "] == "Tom Reyes"


def test_as_x_put_it_credits_the_quotation_beside_it() -> None:
    # "as X put it" names the source of the wording next to it, before or after the idiom,
    # over the frame of the rest of the sentence
    text = (
        "Several senators echo her worries, largely because the only test for the permit is "
        "“a lawful source of income,” as a Treasury Department memo put it.\n\n"
        "Governor Tom Reyes likes the plan. That is because, as he puts it, “the best thing we "
        "have going for us” is cheap land."
    )
    speakers = _speakers(text)
    assert speakers["a lawful source of i"] == "a Treasury Department memo"
    assert speakers["the best thing we ha"] == "Tom Reyes"


def test_words_written_on_an_object_are_the_objects() -> None:
    # a slogan on a sign, a banner or a T-shirt is reported by the object that bears it
    # ("that read", "which said", "..., it read"), not by the person quoted before
    text = (
        "“We will keep the plant open,” Mayor Ana Ruiz said at the rally. Outside, volunteers "
        "handed out water bottles that said “Save the Riverside Plant.”\n\n"
        "Ruiz waved to the crowd. A retired welder lifted a sign of his own. “Ruiz for "
        "Governor,” it read."
    )
    sources, quotes, _claims = extract_attribution(text)
    by_id = {s.id: s for s in sources}
    speakers = {q.text[:12]: by_id[q.source] for q in quotes if q.source}
    assert speakers["We will keep"].name == "Ana Ruiz"
    assert speakers["Save the Riv"].name == "bottles"
    assert text.index("that said") in [a for a, _ in speakers["Save the Riv"].mentions]
    assert speakers["Ruiz for Gov"].name == "a sign"
    assert text.index("it read") in [a for a, _ in speakers["Ruiz for Gov"].mentions]


def test_a_report_of_what_a_shirt_read_stays_with_its_source() -> None:
    # "According to X, ... shirts that read '...'": X, who reports it, is credited
    text = (
        "According to the Ledger, two men behind the mayor wore shirts that read “Settle for Ruiz.”"
    )
    assert _speakers(text) == {"Settle for Ruiz.": "Ledger"}


def test_a_clause_opened_by_a_pronoun_is_no_apposition() -> None:
    # "On her tax returns, she says ..., calling": the words between the commas are a
    # clause, so the participle's subject is "she", not the fronted "her tax returns"
    text = (
        "Governor Ana Ruiz spoke about her pension. On her tax returns, she says she will "
        "publish the figures on Monday, calling them “the most boring numbers in the state.”"
    )
    assert _speakers(text) == {"the most boring numb": "Ana Ruiz"}


def test_a_state_after_a_city_is_part_of_the_place() -> None:
    # "in Dayton, Ohio," / "in Aspen, Colo.,": the state is the city's, not an apposition
    text = (
        "Reyes toured the plant on Monday. Governor Ana Reyes, at a town hall in Dayton, Ohio, "
        "said the plan was “a disaster for the whole valley.”\n\n"
        "Mayor Tom Diaz spoke later. Diaz is promising changes after a woman in Aspen, Colo., "
        "told him the rules were “far too strict for small farms.”"
    )
    speakers = _speakers(text)
    assert speakers["a disaster for the w"] == "Ana Reyes"
    assert speakers["far too strict for s"] == "a woman"


def test_a_fronted_prepositional_phrase_runs_to_its_comma() -> None:
    # "Amid calls for ..., Ruiz defended the count, saying": a capitalised preposition opens
    # a phrase that ends at its comma; the participle's subject comes after it
    text = (
        "Mayor Ana Ruiz spoke at noon. "
        "Amid calls for a recount in Boulder, Ruiz defended the count, saying it was “the "
        "cleanest election in years.”"
    )
    speakers = _speakers(text)
    assert speakers["the cleanest electio"] == "Ana Ruiz"


def test_a_name_and_colon_mid_line_label_the_quotation() -> None:
    # 'Ruiz: "..." Diaz: "..."', 'Critics agree - Ana Ruiz: "..."': a name and a colon right
    # before a quotation, after a sentence end or a dash, name its speaker
    text = (
        "Both candidates reject the plan.\n\n"
        "Ruiz: “Our goal is to fix the bridge, not to study it.” Diaz: “The bridge must be "
        "rebuilt from scratch.”\n\n"
        "Engineers agree - Tom Okafor: “Repairs would only buy a few more years.”"
    )
    speakers = _speakers(text)
    assert speakers["Our goal is to fix t"] == "Ruiz"
    assert speakers["The bridge must be r"] == "Diaz"
    assert speakers["Repairs would only b"] == "Tom Okafor"


def test_a_subordinate_clause_after_a_fronted_phrase() -> None:
    # "Later that night, after the interview concluded, Ruiz stated ...": the "after" frame
    # ends at its comma; the quotation belongs to the main clause's speaker
    text = (
        "Council member Tom Diaz spoke first. Later that night, after the Diaz interview "
        "concluded, Mayor Ana Ruiz stated that the vote was “a win for every renter.”"
    )
    assert _speakers(text) == {"a win for every rent": "Ana Ruiz"}


def test_a_quoted_name_after_called_is_nobodys_words() -> None:
    # "a coalition called the 'Riverside Renters Union'", "what had been called the '...'":
    # a quotation naming a thing is a name, not a source's words; "Ruiz called the plan
    # '...'" (a subject, an object between) stays Ruiz's
    text = (
        "Mayor Ana Ruiz called the plan “a gift to the developers.” She spoke beside members "
        "of a coalition called the “Riverside Renters Union of Greater Dayton.”"
    )
    speakers = _speakers(text)
    assert speakers["a gift to the develo"] == "Ana Ruiz"
    assert speakers["Riverside Renters Un"] is None


def test_an_absolute_phrase_with_names_its_own_speaker() -> None:
    # "..., with X calling it '...'": "with" + subject + participle is a clause of its own,
    # whose subject (not the sentence's) says the quotation
    text = (
        "Residents who support the plan were pleased, with Mayor Ana Ruiz calling it “a win "
        "for every renter.”\n\n"
        "Council members were quick to respond, with Tom Diaz posting that the vote was a "
        "“disgrace” and asking, “Who will pay for this bridge now?”"
    )
    speakers = _speakers(text)
    assert speakers["a win for every rent"] == "Ana Ruiz"
    assert speakers["Who will pay for thi"] == "Tom Diaz"


def test_one_of_a_group_after_an_inverted_said_is_the_speaker() -> None:
    # '"...," said one former executive who ...', '"...," said one Democrat familiar with
    # ...': an anonymous source described as one of a group is the speaker, not the source
    # cited before
    text = (
        "Ruiz was not one for “sharing credit with her staff,” said one former executive who "
        "requested anonymity. “When she made up her mind, that was the end of it.”\n\n"
        "Council members pressed the mayor on the budget, the people said. “It was not a "
        "convincing argument,” said one Democrat familiar with the discussion."
    )
    speakers = _speakers(text)
    assert speakers["sharing credit with "] == "one former executive"
    assert speakers["When she made up her"] == "one former executive"
    assert speakers["It was not a convinc"] == "one Democrat familiar"


def test_a_colon_after_a_short_clause_introduces_its_subjects_words() -> None:
    # "Diaz resisted: '...'", "he demurred: '...'": a colon stands for the verb of saying, so
    # the clause's subject is the speaker, not the source cited before
    text = (
        "“Let the governor suspend the law for a week,” said Ana Ruiz, the county's sheriff. "
        "Diaz resisted: “Governors do not have the power to suspend a law by decree.”"
    )
    speakers = _speakers(text)
    assert speakers["Let the governor sus"] == "Ana Ruiz"
    assert speakers["Governors do not hav"] == "Diaz"
