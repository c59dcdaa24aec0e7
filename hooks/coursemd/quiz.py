"""The `/// quiz` block: choice and numeric questions with an answer key, feedback and hints.

Syntax:

    /// quiz | Self-check
        id: t19-02-self-check
        shuffle: true

    Is the chain-rule factorization $`p(x) = \\prod_i p(x_i \\mid x_{<i})`$ an approximation?

    Hint: Where does the chain rule come from?

    - [ ] Yes: it assumes each piece depends only on the one before.

        Feedback for this option: any Markdown indented under it, after a blank line.

    - [x] No: it holds exactly for every joint distribution and every ordering.

    The explanation: any Markdown after the options, shown once the student has answered.

    ---

    Conditionals 0.5, 0.5 and 0.25: what is the sequence's NLL in bits?

    Answer: 4 bits
    Tolerance: 0.01

    The explanation of the numeric question.
    ///

Arguments:
    A title (optional), shown above the questions.

Options (indented by four spaces under the header, as for every pymdownx block):
    id:      the quiz's id, unique on its page (default `quiz-<n>`, its order on the page). It
             names the student's saved answers, so keep it once published.
    shuffle: `true` shows each student the options in their own stable random order
             (default `false`). Explanations, hints and feedback must then not name an
             option by its letter or place ("option B", "the first answer"): it moves.

Content:
    Questions separated by `---`. A question is its stem (any Markdown), an optional
    paragraph starting `Hint:`, then either a list of options each starting `[ ]` (wrong) or
    `[x]` (right), or a numeric answer (`Answer:` and `Tolerance:` lines, see
    coursemd.numeric_answer), then optionally an explanation (any Markdown). One `[x]` makes
    a single-answer question; several make "select all that apply". Anything after an
    option's first paragraph is that option's feedback, shown when the student picks it.

Python renders every question as a list with the hint and the answer key, per-option
feedback and explanation inside `<details>`, readable without JavaScript (the key is in the
page: this is self-study). `widgets/quiz.js` turns the options into radio buttons or
checkboxes, and a numeric answer into a text field, with a Check button.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any, ClassVar

from markdown import Markdown
from pymdownx.blocks import BlocksExtension, BlocksProcessor
from pymdownx.blocks.block import type_boolean, type_html_identifier

from coursemd.items import (
    LETTERS,
    LIST_TAGS,
    ItemBlock,
    letters_list,
    prefix_label,
    register_item_recorder,
    sub,
    text_holder,
)
from coursemd.numeric_answer import AnswerError, format_number, is_answer, is_tolerance, parse_answer

# --- Data ------------------------------------------------------------------------------------

OPTION_MARK = re.compile(r"^\s*\[(?P<mark>[ xX]?)\](?!\()[ \t]*")
HINT = re.compile(r"^\s*Hint:[ \t]*", re.IGNORECASE)
CODE_SPAN = re.compile(r"(`+).+?\1", re.DOTALL)
PLACES = "first|second|third|fourth|fifth|sixth|seventh|eighth|last|top|bottom"
NUMERIC_PROMPT = {
    "nats": "Answer with a number in nats.",
    "bits": "Answer with a number in bits.",
    "": "Answer with a number.",
}


def position_reference(text: str, options: int) -> str | None:
    """The first phrase in `text` that names an option by letter or place, if any.

    Only capital letters of this question's options count ("option B", "answers A and C",
    "(C)"), and places with an option word ("the second answer", "option 3"), so "mask A" or
    "the first token" pass. Code spans are skipped: `x[A]` is not prose.
    """
    prose = CODE_SPAN.sub(" ", text)
    letters = LETTERS[: max(options, 1)]
    patterns = (
        rf"\b(?i:options?|answers?|choices?)(?:\s+(?i:is|are))?\s*:?\s+\(?[{letters}]\)?(?![\w'’])",
        r"\b(?i:options?|answers?|choices?)\s+(?:number\s+|#)?\d+\b",
        rf"\b(?i:{PLACES})\s+(?i:options?|answers?|choices?)\b",
        rf"(?<![\w\\])\([{letters}]\)",
    )
    found = [m for pattern in patterns if (m := re.search(pattern, prose))]
    return min(found, key=lambda m: m.start()).group(0) if found else None


def plain_text(elements: list[etree.Element]) -> str:
    """The author's raw text of some block elements (inline Markdown is not parsed yet)."""
    return "\n".join("".join(el.itertext()) for el in elements)


def normalized(text: str) -> str:
    """Option text compared for duplicates: case and spacing do not make two options differ."""
    return " ".join(text.split()).casefold()


# --- Block -----------------------------------------------------------------------------------


class QuizBlock(ItemBlock):
    """A quiz of choice and numeric questions (syntax in the module docstring).

    Arguments:
        Title (optional).

    Options:
        id (html identifier): the quiz's id on its page; default `quiz-<n>`.
        shuffle (boolean): per-student stable random order of each question's options.

    Content:
        Questions separated by `---`: stem, optional `Hint:`, options `- [ ]` / `- [x]` (with
        optional feedback indented under each) or `Answer:`/`Tolerance:`, optional explanation.
    """

    NAME = "quiz"
    ARGUMENT = None
    OPTIONS: ClassVar[dict[str, tuple[Any, Any]]] = {"id": ("", type_html_identifier), "shuffle": (False, type_boolean)}
    ITEM_WORD = "question"

    def on_create(self, parent: etree.Element) -> etree.Element:
        """The outer `<div class="quiz" data-widget="quiz">`; its content is regrouped in on_end."""
        self.ident = self.block_id("quiz")
        attrs = {"class": "quiz", "data-widget": "quiz", "id": self.ident}
        if self.options["shuffle"]:
            attrs["data-shuffle"] = "true"
        return etree.SubElement(parent, "div", attrs)

    def on_end(self, block: etree.Element) -> None:
        """Regroup the Markdown into questions, options and answers; check each question."""
        groups = self.nonempty_items(
            block,
            "Write a question, then its options as a list starting '[ ]' or '[x]' or an 'Answer:' line, "
            "and separate questions with '---'",
        )
        if self.argument:
            sub(block, "p", self.argument, class_="quiz__title")
        questions = sub(block, "ol", class_="quiz__questions")
        for index, group in enumerate(groups):
            self._question(questions, index, group)
        block.set("data-questions", str(len(groups)))

    # --- One question ---

    def _question(self, parent: etree.Element, index: int, group: list[etree.Element]) -> None:
        at = f"question {index + 1}"
        options_at = next(
            (
                i
                for i, el in enumerate(group)
                if el.tag in LIST_TAGS and any(OPTION_MARK.match(text_holder(li).text or "") for li in el)
            ),
            None,
        )
        answer_at = next((i for i, el in enumerate(group) if el.tag == "p" and is_answer(el.text or "")), None)
        if options_at is not None and answer_at is not None:
            self.fail_at(
                self.item_line(index),
                f"{at} has both options and an 'Answer:' line",
                "Keep the options for a choice question or 'Answer:' for a numeric one",
            )
        if options_at is None and answer_at is None:
            self.fail_at(
                self.item_line(index),
                f"{at} has no options and no answer",
                "Add a list of options, each starting '[ ]' (wrong) or '[x]' (right), or an 'Answer:' line",
            )
        split = options_at if options_at is not None else answer_at
        assert split is not None
        stem, hint = self._stem_and_hint(index, group[:split])
        rest = group[split + 1 :]
        item = sub(parent, "li", class_="quiz__question", id=f"{self.ident}-q{index + 1}")
        stem_div = sub(item, "div", class_="quiz__stem", id=f"{self.ident}-q{index + 1}-stem")
        stem_div.extend(stem)
        if hint:
            details = sub(item, "details", class_="quiz__hint")
            sub(details, "summary", "Hint")
            sub(details, "div", class_="quiz__hint-text").extend(hint)
        if options_at is not None:
            self._choices(item, index, group[options_at], rest, hint)
        else:
            self._numeric(item, index, group[split], rest)

    def _stem_and_hint(
        self, index: int, before: list[etree.Element]
    ) -> tuple[list[etree.Element], list[etree.Element]]:
        """Split what comes before the options into the stem and its `Hint:` paragraph."""
        hint: list[etree.Element] = []
        stem: list[etree.Element] = []
        for el in before:
            if not hint and el.tag == "p" and HINT.match(el.text or ""):
                el.text = HINT.sub("", el.text or "", count=1)
                if not el.text.strip() and not len(el):
                    self.fail_at(
                        self.option_line(index, "Hint:"),
                        f"question {index + 1} has an empty hint",
                        "Write the hint after 'Hint:' or remove the line",
                    )
                hint.append(el)
            else:
                stem.append(el)
        if not stem:
            self.fail_at(
                self.item_line(index),
                f"question {index + 1} has no question text",
                "Write the question above its options or answer",
            )
        return stem, hint

    def _choices(
        self,
        item: etree.Element,
        index: int,
        options: etree.Element,
        explanation: list[etree.Element],
        hint: list[etree.Element],
    ) -> None:
        at = f"question {index + 1}"
        correct: list[int] = []
        feedback: dict[int, list[etree.Element]] = {}
        seen: dict[str, int] = {}
        for position, li in enumerate(options):
            holder = text_holder(li)
            mark = OPTION_MARK.match(holder.text or "")
            text = (holder.text or "").strip()
            if mark is None:
                self.fail_at(
                    self.option_line(index, text),
                    f"{at}: the option '{text[:40]}' does not start with '[ ]' or '[x]'",
                    "Start every option with '[ ]' (wrong) or '[x]' (right)",
                )
                return
            holder.text = (holder.text or "")[mark.end() :]
            key = normalized(holder.text)
            if key in seen:
                self.fail_at(
                    self.option_line(index, holder.text, occurrence=2),
                    f"{at}: options {LETTERS[seen[key]]} and {LETTERS[position]} are the same, "
                    f"'{holder.text.strip()[:40]}'",
                    "Remove one of them or make them differ",
                )
            seen[key] = position
            if mark.group("mark").lower() == "x":
                correct.append(position)
            after = list(li)[1:] if holder is not li else list(li)
            if after:
                for el in after:
                    li.remove(el)
                feedback[position] = after
        if len(options) < 2:
            self.fail_at(self.item_line(index), f"{at} has only one option", "Give at least two options")
        if not correct:
            self.fail_at(self.item_line(index), f"{at} has no right option", "Mark the right option(s) with '[x]'")
        if len(correct) == len(options):
            self.fail_at(
                self.item_line(index),
                f"{at} marks every option right",
                "Mark the wrong options with '[ ]'; a question needs at least one",
            )
        if self.options["shuffle"]:
            self._check_no_position_names(index, len(options), explanation, feedback, hint)
        multiple = len(correct) > 1

        item.set("data-kind", "multiple" if multiple else "single")
        if multiple:
            sub(item, "p", "Select all that apply.", class_="quiz__multi")
        option_list = sub(item, "ul", class_="quiz__options")
        for position, li in enumerate(options):
            li.attrib.clear()
            li.set("class", "quiz__option")
            li.set("data-correct", "true" if position in correct else "false")
            prefix_label(li, f"{LETTERS[position]}.", "quiz__letter")
            option_list.append(li)
        answer = sub(item, "details", class_="quiz__answer")
        sub(answer, "summary", "Answer")
        key = "Answers" if multiple else "Answer"
        sub(answer, "p", f"{key}: {letters_list(correct)}.", class_="quiz__key")
        if feedback:
            notes = sub(answer, "ul", class_="quiz__option-feedback")
            for position, elements in sorted(feedback.items()):
                note = sub(notes, "li", data_option=str(position))
                note.extend(elements)
                prefix_label(note, f"{LETTERS[position]}.", "quiz__letter")
        if explanation:
            sub(answer, "div", class_="quiz__explanation").extend(explanation)

    def _numeric(
        self, item: etree.Element, index: int, paragraph: etree.Element, explanation: list[etree.Element]
    ) -> None:
        text = paragraph.text or ""
        if not any(is_tolerance(line) for line in text.splitlines()) and explanation:
            # 'Tolerance:' written as its own paragraph, after a blank line: still the answer's.
            first = explanation[0]
            if first.tag == "p" and is_tolerance(first.text or ""):
                text += "\n" + (first.text or "")
                explanation = explanation[1:]
        try:
            answer = parse_answer(text)
        except AnswerError as error:
            self.fail_at(self.option_line(index, error.at), f"question {index + 1}: {error.problem}", error.fix)
            return
        item.set("data-kind", "numeric")
        sub(
            item,
            "p",
            NUMERIC_PROMPT[answer.unit],
            class_="quiz__numeric",
            data_answer=format_number(answer.value),
            data_unit=answer.unit,
            data_tolerance=format_number(answer.tolerance),
            data_relative="true" if answer.relative else "false",
        )
        details = sub(item, "details", class_="quiz__answer")
        sub(details, "summary", "Answer")
        sub(details, "p", f"Answer: {answer.key()}.", class_="quiz__key")
        if explanation:
            sub(details, "div", class_="quiz__explanation").extend(explanation)

    def _check_no_position_names(
        self,
        index: int,
        count: int,
        explanation: list[etree.Element],
        feedback: dict[int, list[etree.Element]],
        hint: list[etree.Element],
    ) -> None:
        """With shuffle on, "option B" in prose is wrong for most students: refuse it."""
        parts = [("explanation", explanation), ("hint", hint)]
        parts += [(f"feedback on option {LETTERS[p]}", els) for p, els in sorted(feedback.items())]
        for where, elements in parts:
            phrase = position_reference(plain_text(elements), count)
            if phrase:
                self.fail_at(
                    self.option_line(index, phrase),
                    f"question {index + 1}: the {where} names an option by its place, '{phrase}', "
                    "but shuffle is on, so students see the options in other orders",
                    "Name the option by what it says, or set 'shuffle: false'",
                )


# --- Extension -------------------------------------------------------------------------------


class QuizExtension(BlocksExtension):
    """Adds the `/// quiz` block."""

    def extendMarkdownBlocks(self, md: Markdown, block_mgr: BlocksProcessor) -> None:
        """Register the header and item line recorders (preprocessors 200, 199) and QuizBlock."""
        register_item_recorder(md)
        block_mgr.register(QuizBlock, self.getConfigs())


def makeExtension(*args: Any, **kwargs: Any) -> QuizExtension:
    """Return the extension; lets mkdocs.yml name it as `coursemd.quiz`."""
    return QuizExtension(*args, **kwargs)
