export function ErrorPage(props: { status: number; title: string; message: string }) {
  return (
    <section class="error-page">
      <h1>{props.title}</h1>
      <p>{props.message}</p>
      <p><a href="/">Back to the marketplace</a></p>
    </section>
  )
}

export function ErrorFragment(props: { message: string }) {
  return <div class="alert error" role="alert">{props.message}</div>
}
