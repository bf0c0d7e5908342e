import type { QuestionItem, QuestionsView } from '../../src/questions/question-view.js'
import { QUESTION_MAX_LENGTH } from '../../src/questions/question-rules.js'
import { CsrfField, Notice } from '../components/form.js'

/** A textarea with its label, hint and message tied to it (aria-describedby, aria-invalid). */
function TextBox(props: { id: string; name: string; label: string; hint: string; value?: string; error?: string; rows: number }) {
  const described = [`${props.id}-hint`, props.error && `${props.id}-error`].filter(Boolean).join(' ')
  return (
    <div class={props.error ? 'field has-error' : 'field'}>
      <label for={props.id}>{props.label}</label>
      <p class="hint" id={`${props.id}-hint`}>{props.hint}</p>
      <textarea id={props.id} name={props.name} rows={props.rows} required aria-describedby={described} aria-invalid={props.error ? 'true' : undefined}>
        {props.value ?? ''}
      </textarea>
      {props.error && <p class="error" id={`${props.id}-error`}>{props.error}</p>}
    </div>
  )
}

function Question(props: { q: QuestionItem }) {
  const { q } = props
  return (
    <>
      <p><strong>Question:</strong> {q.question}</p>
      {q.answer && <p class="answer"><strong>Answer:</strong> {q.answer.text}</p>}
      <p class="hint">Asked {q.askedAt}{q.answer && ` · answered ${q.answer.at}`}</p>
    </>
  )
}

/** Public questions and answers on a listing; the seller answers here, other companies ask here. */
export function QuestionsSection(props: { view: QuestionsView }) {
  const v = props.view
  const base = `/listings/${v.listingId}/questions`
  const returned = (questionId: string | 'ask') => {
    const f = v.form
    if (!f) return undefined
    return (f.for === 'ask' ? questionId === 'ask' : f.for.questionId === questionId) ? f : undefined
  }
  const ask = returned('ask')
  return (
    <section id="questions" class="questions" aria-labelledby="questions-heading">
      <h2 id="questions-heading">Questions and answers</h2>
      {v.notice && <Notice kind="success">{v.notice}</Notice>}
      {/* A refusal of the whole step (not of a field) stands here: its form may no longer be shown. */}
      {v.form?.errors._form && <p class="alert error" role="alert">{v.form.errors._form}</p>}
      {v.answered.length === 0
        ? <p>No answered questions yet.</p>
        : <ol>{v.answered.map((q) => <li id={`question-${q.id}`}><Question q={q} /></li>)}</ol>}

      {v.role === 'seller' && (v.waiting.length === 0
        ? <p class="hint">Buyers’ questions appear here, and you are emailed each one. Your answers are public; the asking company is not named.</p>
        : (
          <>
            <h3>Waiting for your answer ({v.waiting.length})</h3>
            <ol>
              {v.waiting.map((q) => {
                const f = returned(q.id)
                return (
                  <li id={`question-${q.id}`}>
                    <Question q={q} />
                    <form method="post" action={`${base}/${q.id}/answer`} class="stack" novalidate>
                      <CsrfField token={v.csrfToken} />
                      <TextBox id={`answer-${q.id}`} name="answer" label="Your answer" rows={3} value={f?.values.answer} error={f?.errors.answer}
                        hint="Everyone who views the listing sees the question and your answer. The person who asked is emailed." />
                      <button type="submit">Publish answer</button>
                    </form>
                  </li>
                )
              })}
            </ol>
          </>
        ))}

      {v.role === 'asker' && (
        <>
          <h3>Your company’s questions waiting for an answer</h3>
          <ol>{v.waiting.map((q) => <li id={`question-${q.id}`}><Question q={q} /></li>)}</ol>
        </>
      )}

      {v.access.kind === 'ask' && (
        <form method="post" action={base} class="stack" novalidate>
          <CsrfField token={v.csrfToken} />
          <TextBox id="f-question" name="question" label="Ask the seller a question" rows={3} value={ask?.values.question} error={ask?.errors.question}
            hint={`The seller’s answer is shown here for everyone; your company’s name is not. At most ${QUESTION_MAX_LENGTH} characters.`} />
          <button type="submit">Send question</button>
        </form>
      )}
      {v.access.kind === 'login' && <p>{v.access.message} <a href={v.loginPath}>Log in</a></p>}
      {(v.access.kind === 'closed' || v.access.kind === 'not-approved') && <p>{v.access.message}</p>}
    </section>
  )
}
