import { z } from 'zod'
import { requiredText } from '../lib/fields.js'
import { ANSWER_MAX_LENGTH, QUESTION_MAX_LENGTH, QUESTION_MIN_LENGTH } from './question-rules.js'

export const QuestionForm = z.object({
  question: requiredText('your question', QUESTION_MAX_LENGTH, { multiline: true })
    .refine((q) => q.length >= QUESTION_MIN_LENGTH, `Write a question of at least ${QUESTION_MIN_LENGTH} characters.`),
})

export const AnswerForm = z.object({
  answer: requiredText('your answer', ANSWER_MAX_LENGTH, { multiline: true }),
})
